package net.landht.net;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Why a socket could not be bound, read from the operating system's error (Linux errno, as Netty's epoll and the
 * JDK's NIO word it), with a hint for the operator that names the address, the port and the settings to change.
 * Each errno gets its own hint: a port in use is not an address missing from the host, nor a privileged port.
 */
public enum BindFailure {
    /** EADDRINUSE (98): another socket holds the address and port. */
    IN_USE("Address already in use", 98),
    /** EADDRNOTAVAIL (99): the address is not one of this host's (or its interface is not up yet). */
    NOT_LOCAL("Cannot assign requested address", 99),
    /** EACCES (13): a port under 1024 without root or CAP_NET_BIND_SERVICE. */
    PRIVILEGED("Permission denied", 13),
    /** Anything else: the system's own message is all there is. */
    OTHER("", 0);

    private final String strerror;
    private final int errno;

    BindFailure(String strerror, int errno) {
        this.strerror = strerror;
        this.errno = errno;
    }

    /**
     * Classifies a bind failure by the first exception in the cause chain that carries a known message (Netty's
     * epoll words it {@code bind(..) failed with error(-98): Address already in use}, NIO {@code Address already in
     * use}).
     */
    public static BindFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            for (BindFailure f : values()) {
                if (f != OTHER && (m.contains(f.strerror.toLowerCase(Locale.ROOT))
                        || m.contains("error(-" + f.errno + ")"))) {
                    return f;
                }
            }
        }
        return OTHER;
    }

    /**
     * The operator's message, to follow "cannot bind " or the like: {@code UDP 10.1.2.3:4222: Cannot assign requested
     * address: 10.1.2.3 is not an address of this host: check dht.bind4 / --bind; ...}.
     *
     * @param protocol   {@code UDP} or {@code TCP}
     * @param at         the address and port that could not be bound
     * @param failure    what the bind threw
     * @param addressKey the setting that chose the address, e.g. {@code dht.bind4 / --bind}
     * @param portKey    the setting that chose the port, e.g. {@code dht.port / --port}
     */
    public static String describe(String protocol, InetSocketAddress at, Throwable failure, String addressKey,
                                  String portKey) {
        BindFailure f = of(failure);
        String hostPort = Addresses.hostPort(at);
        String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        int port = at.getPort();
        String reason = f == OTHER ? rootMessage(failure) : f.strerror;
        String hint = switch (f) {
            case IN_USE -> "another program already uses " + protocol + " " + hostPort + " ("
                    + ("UDP".equals(protocol) ? "another DHT node such as Debian's dhtnode service, or " : "")
                    + "a second landht?): stop it or choose another port with " + portKey;
            case NOT_LOCAL -> host + " is not an address of this host: check " + addressKey + "; at boot, the "
                    + "interface that holds it may not be up yet (start landht after network-online.target, or bind "
                    + "the wildcard address)";
            case PRIVILEGED -> "port " + port + " is below 1024 and needs root or CAP_NET_BIND_SERVICE: choose a "
                    + "port of 1024 or more with " + portKey + ", or grant the capability";
            case OTHER -> "check " + addressKey + " and " + portKey;
        };
        return protocol + " " + hostPort + ": " + reason + ": " + hint;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
