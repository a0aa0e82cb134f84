package net.landht.persist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.id.InfoHash;

/**
 * The node id kept in {@code <state dir>/node-id} (40 hex digits and a newline), so a restarted node keeps its place
 * in everyone's routing tables.
 */
public final class NodeIdFile {
    private static final Logger LOG = LoggerFactory.getLogger(NodeIdFile.class);
    /** File name inside the state directory. */
    public static final String NAME = "node-id";

    private NodeIdFile() {
    }

    /**
     * The persisted id, or a new random one that is then saved. A corrupt file is reported and replaced; an
     * unwritable state directory is reported and the id is used for this run only.
     */
    public static InfoHash loadOrCreate(Path stateDir, RandomGenerator random) {
        Path file = stateDir.resolve(NAME);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return InfoHash.fromHex(text);
        } catch (NoSuchFileException e) {
            LOG.debug("no {}: making a new node id", file);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{} is unreadable or corrupt ({}): making a new node id", file, e.getMessage());
        }
        InfoHash id = InfoHash.random(random);
        save(stateDir, id);
        return id;
    }

    /** Saves {@code id}; failures are logged, not thrown. */
    public static void save(Path stateDir, InfoHash id) {
        try {
            AtomicFiles.write(stateDir.resolve(NAME), (id.toHex() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.warn("cannot save the node id in {}: {} (it will change at the next start)", stateDir, e.toString());
        }
    }
}
