package net.landht.names;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's operations on the registry ({@code landht names ...} through the loopback ops endpoint): list, show,
 * remove, export and import. The interchange format is JSON lines, one registration per line, with the fields the
 * official server keeps and jamid posts (jami-nameservice index.js; jami-daemon src/jamidht/namedirectory.cpp
 * {@code registerName}):
 *
 * <pre>
 * {"name":"alice","addr":"&lt;40 hex&gt;","owner":"&lt;40 hex or empty&gt;","publickey":"&lt;b64&gt;","signature":"&lt;b64&gt;",
 *  "registered":&lt;ms since the epoch&gt;}
 * </pre>
 *
 * {@code addr} and {@code owner} may carry {@code 0x} on import; {@code registered} is optional (import time then).
 * An import verifies every line as a POST would ({@link RegistrationCheck}: name rule, reserved names, key hashes to
 * {@code addr}, signature), skips and reports bad lines, and stores the good ones in one transaction. Blocking
 * (SQLite); thread-safe.
 */
public final class NamesAdmin {
    /** Most registrations listed or exported. */
    public static final int MAX_LIST = 1_000_000;
    /** Most skipped lines reported one by one in an import (the count is always exact). */
    public static final int MAX_REPORTED_SKIPS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(NamesAdmin.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NameStore store;
    private final Set<String> reserved;
    private final Clock clock;

    /** @param reserved lower-case names an import may not bring in ({@code names.reserved}) */
    public NamesAdmin(NameStore store, Set<String> reserved, Clock clock) {
        this.store = store;
        this.reserved = Set.copyOf(reserved);
        this.clock = clock;
    }

    /** A skipped import line: its 1-based number, its name if one was read, and why. */
    public record Skipped(int line, String name, String reason) {
    }

    /**
     * What an import did.
     *
     * @param imported  new names stored
     * @param unchanged lines whose name was already registered to the same ID
     * @param skipped   lines refused (count)
     * @param skips     the first {@link #MAX_REPORTED_SKIPS} refused lines
     */
    public record ImportReport(int imported, int unchanged, int skipped, List<Skipped> skips) {
    }

    /** Every registration, by name. */
    public List<Registration> list() throws NameStoreException {
        return store.list(MAX_LIST);
    }

    /** One name (any case), if registered. */
    public Optional<Registration> show(String name) throws NameStoreException {
        String n = NameRules.canonicalName(name);
        return n == null ? Optional.empty() : store.byName(n);
    }

    /** Removes a name (any case), logged at INFO; empty when it was not registered. */
    public Optional<Registration> remove(String name) throws NameStoreException {
        String n = NameRules.canonicalName(name);
        Optional<Registration> r = n == null ? Optional.empty() : store.remove(n);
        r.ifPresent(x -> LOG.info("name removed by the admin: {} -> {} (clients that resolved it keep it cached)",
                x.name(), x.addr()));
        return r;
    }

    /** A registration as one export line (no newline). */
    public static String toJsonLine(Registration r) {
        ObjectNode line = JSON.createObjectNode().put("name", r.name()).put("addr", r.addr()).put("owner", r.owner())
                .put("publickey", r.publicKey()).put("signature", r.signature())
                .put("registered", r.registeredMillis());
        return line.toString();
    }

    /**
     * Imports JSON lines (blank lines ignored).
     *
     * @throws NameStoreException when the database cannot be written: then nothing of this import is stored
     */
    public ImportReport importLines(byte[] jsonLines) throws NameStoreException {
        List<Registration> valid = new ArrayList<>();
        List<Integer> validLines = new ArrayList<>();
        List<Skipped> skips = new ArrayList<>();
        int[] skipped = {0};
        int number = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(jsonLines),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String name = null;
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node == null || !node.isObject() || !node.path("name").isTextual()) {
                        skip(skips, skipped, number, null, "not a JSON object with a \"name\"");
                        continue;
                    }
                    name = node.get("name").asText();
                    long registered = node.path("registered").canConvertToLong()
                            ? node.path("registered").asLong() : clock.millis();
                    valid.add(RegistrationCheck.verify(name, line.getBytes(StandardCharsets.UTF_8), reserved,
                            registered));
                    validLines.add(number);
                } catch (JsonProcessingException e) {
                    skip(skips, skipped, number, null, "not JSON");
                } catch (RegistrationRequest.Invalid e) {
                    skip(skips, skipped, number, name, e.reason.error());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
        List<StoreOutcome> outcomes = store.registerAll(valid);
        int imported = 0;
        int unchanged = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            StoreOutcome o = outcomes.get(i);
            String name = valid.get(i).name();
            if (o instanceof StoreOutcome.Stored) {
                imported++;
            } else if (o instanceof StoreOutcome.AlreadyStored) {
                unchanged++;
            } else if (o instanceof StoreOutcome.NameTaken t) {
                skip(skips, skipped, validLines.get(i), name, "name already registered to " + t.existing().addr());
            } else if (o instanceof StoreOutcome.AddrHasName h) {
                skip(skips, skipped, validLines.get(i), name, "addr already has the name " + h.existing().name());
            }
        }
        LOG.info("names imported by the admin: {} new, {} unchanged, {} skipped", imported, unchanged, skipped[0]);
        return new ImportReport(imported, unchanged, skipped[0], skips);
    }

    private static void skip(List<Skipped> skips, int[] skipped, int line, String name, String reason) {
        skipped[0]++;
        if (skips.size() < MAX_REPORTED_SKIPS) {
            skips.add(new Skipped(line, name, reason));
        }
    }
}
