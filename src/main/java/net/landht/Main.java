package net.landht;

import net.landht.cli.Cli;

/** The {@code landht} executable: see {@link net.landht.cli.LandhtCommand} for the command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(args, System.getenv(), Daemon::run));
    }
}
