package net.landht.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

import net.landht.config.ConfigLoader.Setting;

/** Tests only: what the config loader tests share: a file in a temporary folder, a load, its error message. */
abstract class ConfigTestBase {
    @TempDir
    Path dir;

    /** Writes {@code text} as {@code landht.yaml} in the temporary folder. */
    Path yaml(String text) throws IOException {
        Path f = dir.resolve("landht.yaml");
        Files.writeString(f, text);
        return f;
    }

    static NodeConfig load(Path file, Map<String, String> env, Setting... settings) throws ConfigException {
        return new ConfigLoader(env).load(file, List.of(settings)).config();
    }

    /** The message of the ConfigException the load throws; fails when it loads. */
    static String error(Path file, Map<String, String> env, Setting... settings) {
        try {
            load(file, env, settings);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no ConfigException");
    }

    /** The env that makes NodeConfig.defaults() and the loader agree on the default state folder. */
    static Map<String, String> stateDirectoryEnv() {
        Map<String, String> env = new HashMap<>();
        String sd = System.getenv("STATE_DIRECTORY");
        if (sd != null) {
            env.put("STATE_DIRECTORY", sd);
        }
        return env;
    }
}
