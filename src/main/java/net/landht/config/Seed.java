package net.landht.config;

import java.util.Objects;

/**
 * One bootstrap node as configured, not yet resolved: a host name or an IP literal (IPv6 without brackets) and a UDP
 * port. Made by {@link Seeds}.
 *
 * @param host host name, IPv4 literal or IPv6 literal (no brackets)
 * @param port UDP port, 1..65535
 */
public record Seed(String host, int port) {
    public Seed {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** True when the host is an IPv6 literal. */
    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    /** {@code host:port}, or {@code [v6]:port}: the form Jami and dhtnode accept back. */
    @Override
    public String toString() {
        return isIpv6Literal() ? "[" + host + "]:" + port : host + ":" + port;
    }
}
