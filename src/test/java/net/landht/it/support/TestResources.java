package net.landht.it.support;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Files of {@code src/test/resources} that the ITs hand to other programs (peer scripts), as paths. */
public final class TestResources {

    private TestResources() {
    }

    /**
     * The test-classpath resource {@code resource} (e.g. {@code /peers/dht_peer.py}) as a file path.
     *
     * @throws IllegalStateException when it is missing or not a plain file (e.g. inside a jar)
     */
    public static Path file(String resource) {
        URL url = TestResources.class.getResource(resource);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException(resource + " not found as a file on the test classpath: " + url);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
