package net.landht.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Runs the landht command line: parses, reports usage errors (exit 2), and runs the chosen command. */
public final class Cli {
    private Cli() {
    }

    /** Runs with the process's stdout and stderr. */
    public static int execute(String[] args, Map<String, String> env, DaemonLauncher launcher) {
        Charset cs = Charset.defaultCharset();
        return execute(args, env, launcher, new PrintWriter(System.out, true, cs),
                new PrintWriter(System.err, true, cs));
    }

    /**
     * Runs one command line.
     *
     * @param env      the environment ({@code LANDHT_*}, {@code STATE_DIRECTORY})
     * @param launcher what runs the node once the configuration is valid
     * @return the exit code: the daemon's, or 0/1 for subcommands, 1 for a bad config, 2 for a usage error
     */
    public static int execute(String[] args, Map<String, String> env, DaemonLauncher launcher, PrintWriter out,
                              PrintWriter err) {
        CommandLine cl = new CommandLine(new LandhtCommand(env, launcher));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, unused) -> {
            CommandLine where = ex.getCommandLine();
            String name = where.getCommandSpec().qualifiedName();
            where.getErr().println(name + ": " + ex.getMessage());
            where.getErr().println("Try '" + name + " --help' for more information.");
            return where.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, where, unused) -> {
            LoggerFactory.getLogger(Cli.class).error("landht stopped on an unexpected error", ex);
            return where.getCommandSpec().exitCodeOnExecutionException();
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
