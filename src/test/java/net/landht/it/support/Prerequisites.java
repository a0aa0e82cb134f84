package net.landht.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The interop ITs are mandatory: when a tool they need is missing they FAIL with an install hint, never skip.
 * Call from {@code @BeforeAll}.
 */
public final class Prerequisites {

    public static final Path DHTNODE = Path.of("/usr/bin/dhtnode");
    /** Debian's interpreter, where python3-opendht is installed (not a pyenv/venv python3 on PATH). */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private static volatile boolean pythonChecked;

    private Prerequisites() {
    }

    public static void requireDhtnode() {
        if (!Files.isExecutable(DHTNODE)) {
            throw new AssertionError(DHTNODE + " is missing: install Debian's OpenDHT node "
                    + "(apt-get install dhtnode). The interop integration tests are mandatory and do not skip.");
        }
    }

    public static void requirePythonOpendht() {
        if (pythonChecked) {
            return;
        }
        if (!Files.isExecutable(PYTHON)) {
            throw new AssertionError(PYTHON + " is missing: apt-get install python3 python3-opendht. "
                    + "The interop integration tests are mandatory and do not skip.");
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import opendht").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(PYTHON + " -c 'import opendht' did not finish in 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("python3-opendht is missing for " + PYTHON + " (apt-get install "
                        + "python3-opendht). The interop integration tests are mandatory and do not skip. " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        pythonChecked = true;
    }

    /** The IPv6 tests need a usable ::1 (containers sometimes disable IPv6). */
    public static void requireIpv6Loopback() {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 0))) {
            s.isBound();
        } catch (IOException e) {
            throw new AssertionError("IPv6 loopback ::1 is unusable (" + e.getMessage() + "): enable IPv6 on lo "
                    + "(sysctl net.ipv6.conf.lo.disable_ipv6=0). The interop integration tests do not skip.", e);
        }
    }

    /** Everything an interop IT may start: dhtnode, python3-opendht, and landht's jar (unless the reference runs). */
    public static void requireAll() {
        requireDhtnode();
        requirePythonOpendht();
        if (!NodeUnderTest.referenceMode()) {
            LandhtProcess.jar();
        }
    }
}
