package net.landht.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The interop ITs are mandatory: when a tool they need is missing they FAIL with an install hint, never skip.
 * Call from {@code @BeforeAll}.
 */
public final class Prerequisites {

    public static final Path DHTNODE = Path.of("/usr/bin/dhtnode");
    /** Debian's interpreter, where python3-opendht is installed (not a pyenv/venv python3 on PATH). */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Debian's jami-daemon (Jami Daemon 13.7.0 on bookworm). */
    public static final Path JAMID = Path.of("/usr/libexec/jamid");
    public static final Path DBUS_DAEMON = Path.of("/usr/bin/dbus-daemon");

    /** Debian's browser and its WebDriver, for the status page's browser test. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static volatile boolean pythonChecked;
    private static volatile boolean jamiChecked;

    private Prerequisites() {
    }

    public static void requireDhtnode() {
        if (!Files.isExecutable(DHTNODE)) {
            throw new AssertionError(DHTNODE + " is missing: install Debian's OpenDHT node "
                    + "(apt-get install dhtnode). The interop integration tests are mandatory and do not skip.");
        }
    }

    public static void requirePythonOpendht() {
        if (!pythonChecked) {
            requirePythonImport("opendht", "python3-opendht");
            pythonChecked = true;
        }
    }

    /**
     * Debian's Jami daemon and what drives it ({@code src/test/resources/jami/jami_peer.py}): {@value #JAMID},
     * dbus-daemon, and python3-dbus + python3-gi for {@link #PYTHON}.
     */
    public static void requireJami() {
        for (Path tool : List.of(JAMID, DBUS_DAEMON)) {
            if (!Files.isExecutable(tool)) {
                throw new AssertionError(tool + " is missing: apt-get install jami-daemon dbus python3-dbus "
                        + "python3-gi. The Jami integration tests are mandatory and do not skip.");
            }
        }
        if (!jamiChecked) {
            requirePythonImport("dbus, dbus.mainloop.glib; from gi.repository import GLib",
                    "python3-dbus python3-gi");
            jamiChecked = true;
        }
    }

    /** Debian's chromium and chromium-driver: {@link #CHROMIUM} and {@link #CHROMEDRIVER} (same version). */
    public static void requireChromium() {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(tool)) {
                throw new AssertionError(tool + " is missing: " + CHROMIUM_HINT + ". The browser test of the "
                        + "status page is mandatory and does not skip.");
            }
        }
    }

    private static final String CHROMIUM_HINT = "apt-get install chromium chromium-driver";

    /** Fails with an install hint unless {@link #PYTHON} can run {@code import <modules>}. */
    private static void requirePythonImport(String modules, String packages) {
        if (!Files.isExecutable(PYTHON)) {
            throw new AssertionError(PYTHON + " is missing: apt-get install python3 " + packages
                    + ". The interop integration tests are mandatory and do not skip.");
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + modules).redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(PYTHON + " -c 'import " + modules + "' did not finish in 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(packages + " missing for " + PYTHON + " (apt-get install " + packages
                        + "). The interop integration tests are mandatory and do not skip. " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
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
