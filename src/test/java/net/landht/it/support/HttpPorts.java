package net.landht.it.support;

/**
 * A landht's LAN HTTP port and ops endpoint on 127.0.0.1, two free TCP ports ({@link FreePorts#tcp}), with their base
 * URLs: what an IT needs to start landht with both and talk to it through {@link JsonHttp}.
 *
 * @param http the LAN HTTP port ({@code --http-port})
 * @param ops  the ops endpoint's port ({@code --ops-port})
 */
public record HttpPorts(int http, int ops) {
    /** Two TCP ports free on 127.0.0.1, never handed out before in this JVM. */
    public static HttpPorts free() {
        return new HttpPorts(FreePorts.tcp(), FreePorts.tcp());
    }

    /** {@code http://127.0.0.1:<http>}, no trailing slash. */
    public String httpUrl() {
        return "http://127.0.0.1:" + http;
    }

    /** {@code http://127.0.0.1:<ops>}, no trailing slash. */
    public String opsUrl() {
        return "http://127.0.0.1:" + ops;
    }

    /**
     * Starts {@code builder} with its LAN HTTP port and ops endpoint on these ports, in {@code it}'s cleanup, and
     * waits (at most 20 s) until the ops endpoint answers {@code /health} 200: landht answers its ping before it binds
     * its HTTP ports.
     */
    public LandhtProcess start(ItFixture it, LandhtProcess.Builder builder) {
        LandhtProcess landht = it.add(builder.httpPort(http).opsPort(ops).start());
        JsonHttp.awaitStatus(opsUrl() + "/health", 200);
        return landht;
    }
}
