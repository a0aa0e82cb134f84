package net.landht.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.landht.config.ConfigException;
import net.landht.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code landht check-config FILE}: validates one file and starts nothing. */
@Command(name = "check-config", sortOptions = false, usageHelpWidth = 80,
        header = "Check a config file: print OK or the first error; start nothing",
        description = {"Check a config file and exit: print \"OK: FILE\", or the first error (with its key, "
                + "file and line) and exit 1. Starts nothing. The file is checked alone: LANDHT_* variables and "
                + "options are not applied."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the file is valid", "1:it is not, or cannot be read", "2:usage error"})
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1", description = "the YAML file, e.g. /etc/landht/landht.yaml")
    Path file;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            ConfigLoader.check(file);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("OK: " + file);
        return 0;
    }
}
