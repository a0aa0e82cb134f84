package net.landht;

import io.netty.util.ResourceLeakDetector;

import net.landht.cli.Cli;

/** The {@code landht} executable: see {@link net.landht.cli.LandhtCommand} for the command line. */
public final class Main {
    /** The system property Netty reads its buffer-leak detection level from. */
    static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    private Main() {
    }

    public static void main(String[] args) {
        turnOffLeakDetectionUnlessAsked();
        System.exit(Cli.execute(args, System.getenv(), Daemon::run));
    }

    /**
     * Netty's default leak detection tracks one buffer in 128 and captures a stack trace for each: with two buffers
     * per request that was 1.4 % of the event loop's CPU at 90,000 requests/s (perf, BENCHMARKS.md), spent on a
     * debugging aid. The daemon turns it off unless the operator sets {@value #LEAK_DETECTION_PROPERTY}; the
     * integration tests run the jar with it at {@code paranoid} and fail on a leak report.
     */
    static void turnOffLeakDetectionUnlessAsked() {
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
