package net.landht.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar manifest's Implementation-Version, else Maven's pom.properties, else "unknown". */
public final class ManifestVersion implements IVersionProvider {
    private static final String POM_PROPERTIES = "/META-INF/maven/net.landht/landht/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"landht " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    /** The version of the running landht, or "unknown" outside a built jar. */
    public static String version() {
        String v = ManifestVersion.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = ManifestVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
