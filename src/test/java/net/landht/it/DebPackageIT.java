package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package that {@code mvn package} makes ({@code target/landht_VERSION_all.deb}, system property
 * {@code landht.deb}) has the layout, control fields, conffile and maintainer scripts README "Install" relies on.
 * Read with Debian's {@code dpkg-deb} (a missing dpkg-deb fails this test). Installing it is the job of
 * {@code .ci/deb-install-test.sh} (a container) and {@code .ci/deb-systemd-test.sh} (the same under a real systemd);
 * this test only looks inside.
 */
class DebPackageIT {
    private static Path deb;
    private static String version;

    @TempDir
    static Path dir;

    @BeforeAll
    static void locate() {
        String d = System.getProperty("landht.deb");
        version = System.getProperty("landht.version");
        assertThat(d).as("system property landht.deb (set by the pom for Failsafe)").isNotBlank();
        assertThat(version).as("system property landht.version").isNotBlank();
        deb = Path.of(d);
        assertThat(deb).as("the package built by mvn package").isRegularFile();
        assertThat(deb.getFileName()).hasToString("landht_" + version + "_all.deb");
    }

    private static String dpkgDeb(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dpkg-deb"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("dpkg-deb is not installed (Debian's dpkg package): " + e);
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("dpkg-deb " + String.join(" ", args) + " did not finish within 60 s");
        }
        assertThat(p.exitValue()).as("dpkg-deb %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    private static String field(String name) throws IOException, InterruptedException {
        return dpkgDeb("-f", deb.toString(), name).strip();
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void controlFieldsNameTheVersionAndDebiansJavaRuntime() throws Exception {
        assertThat(field("Package")).isEqualTo("landht");
        assertThat(field("Version")).isEqualTo(version);
        assertThat(field("Architecture")).isEqualTo("all");
        assertThat(field("Section")).isEqualTo("net");
        assertThat(field("Priority")).isEqualTo("optional");
        // deb-systemd-helper's init-system-helpers is Essential: no Depends (lintian: an error without a version)
        assertThat(field("Depends")).isEqualTo("default-jre-headless (>= 2:1.17) | java17-runtime-headless");
        assertThat(field("Maintainer")).matches(".+ <[^ @]+@[^ @]+>");
        assertThat(field("Description")).startsWith("OpenDHT bootstrap node").contains("Jami");
    }

    @Test
    void filesSitWhereTheUnitAndReadmeSayAllOwnedByRoot() throws Exception {
        List<String> lines = dpkgDeb("-c", deb.toString()).lines().toList();
        List<String> paths = lines.stream().map(l -> l.substring(l.indexOf("./"))).toList();
        assertThat(paths).contains("./usr/share/landht/landht.jar", "./usr/bin/landht",
                "./lib/systemd/system/landht.service", "./etc/landht/landht.yaml",
                "./usr/share/doc/landht/copyright", "./usr/share/doc/landht/changelog.gz",
                "./usr/share/man/man1/landht.1.gz", "./usr/share/lintian/overrides/landht");
        assertThat(lines).allSatisfy(l -> assertThat(l).contains(" root/root "));
        assertThat(lines).filteredOn(l -> l.endsWith("./usr/bin/landht")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("-rwxr-xr-x"));
        assertThat(lines).filteredOn(l -> l.startsWith("-") && !l.endsWith("./usr/bin/landht"))
                .allSatisfy(l -> assertThat(l).startsWith("-rw-r--r--"));
    }

    @Test
    void packagedFilesAreTheSourceTreesAndTheBuiltJar() throws Exception {
        Path root = dir.resolve("root");
        dpkgDeb("-x", deb.toString(), root.toString());
        assertThat(root.resolve("lib/systemd/system/landht.service")).hasSameTextualContentAs(
                Path.of("systemd/landht.service"));
        assertThat(root.resolve("etc/landht/landht.yaml")).hasSameTextualContentAs(Path.of("config/landht.yaml"));
        assertThat(root.resolve("usr/bin/landht")).hasSameTextualContentAs(Path.of("src/deb/bin/landht"));
        assertThat(root.resolve("usr/share/landht/landht.jar")).hasSameBinaryContentAs(
                Path.of(System.getProperty("landht.jar")));
        // native package: changelog.gz (not changelog.Debian.gz), its latest entry is this version
        assertThat(gunzip(root.resolve("usr/share/doc/landht/changelog.gz")).lines().findFirst().orElseThrow())
                .as("first line of the Debian changelog (src/deb/doc/changelog): add an entry for a new version")
                .startsWith("landht (" + version + ") ");
        String man = gunzip(root.resolve("usr/share/man/man1/landht.1.gz"));
        assertThat(man).startsWith(".TH LANDHT 1 ").contains("landht " + version).contains("\\-\\-no\\-peer\\-discovery");
        assertThat(Files.readString(root.resolve("usr/share/doc/landht/copyright")))
                .startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/");
    }

    @Test
    void configIsAConffileAndScriptsEnableStartRestartStopAndPurge() throws Exception {
        Path control = dir.resolve("control");
        dpkgDeb("-e", deb.toString(), control.toString());
        assertThat(Files.readAllLines(control.resolve("conffiles"))).containsExactly("/etc/landht/landht.yaml");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(Files.isExecutable(control.resolve(script))).as(script + " is executable").isTrue();
        }
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("deb-systemd-helper enable 'landht.service'", "_dh_action=restart", "_dh_action=start",
                        "deb-systemd-invoke $_dh_action 'landht.service'", "if [ -d /run/systemd/system ]; then");
        assertThat(Files.readString(control.resolve("prerm")))
                .contains("[ \"$1\" = remove ]", "deb-systemd-invoke stop 'landht.service'");
        assertThat(Files.readString(control.resolve("postrm")))
                .contains("deb-systemd-helper purge 'landht.service'",
                        "rm -rf /var/lib/landht /var/lib/private/landht", "rm -rf /etc/landht");
    }
}
