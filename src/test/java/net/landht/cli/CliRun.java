package net.landht.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import net.landht.config.NodeConfig;

/** One run of the command line in a test: exit code, output, and what the daemon was given (if it was started). */
final class CliRun {
    final int code;
    final String out;
    final String err;
    final NodeConfig config;
    final String source;

    private CliRun(int code, String out, String err, NodeConfig config, String source) {
        this.code = code;
        this.out = out;
        this.err = err;
        this.config = config;
        this.source = source;
    }

    static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        NodeConfig[] config = new NodeConfig[1];
        String[] source = new String[1];
        int code = Cli.execute(args, env, (c, s) -> {
            config[0] = c;
            source[0] = s;
            return 0;
        }, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString(), config[0], source[0]);
    }

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }
}
