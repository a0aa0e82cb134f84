package net.landht.net;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

/** How landht writes socket addresses for people: {@code 127.0.0.1:4222}, {@code [::]:4222}, {@code [::1]:4222}. */
public final class Addresses {
    private Addresses() {
    }

    /** {@code host:port}, IPv6 in brackets, without scope, with the common short forms. */
    public static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        if (a.getAddress() instanceof Inet6Address) {
            int scope = host.indexOf('%');
            host = "[" + (scope >= 0 ? host.substring(0, scope) : host) + "]";
            host = host.replace("[0:0:0:0:0:0:0:0]", "[::]").replace("[0:0:0:0:0:0:0:1]", "[::1]");
        }
        return host + ":" + a.getPort();
    }

    /** IPv4 for a v4-mapped IPv6 address ({@code ::ffff:a.b.c.d}); any other address unchanged. */
    public static InetSocketAddress unmap(InetSocketAddress a) {
        if (a.getAddress() instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return new InetSocketAddress(java.net.InetAddress.getByAddress(
                            new byte[] {b[12], b[13], b[14], b[15]}), a.getPort());
                } catch (java.net.UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }

    /** The addresses joined by {@code ", "}. */
    public static String hostPorts(List<InetSocketAddress> addresses) {
        return addresses.stream().map(Addresses::hostPort).collect(Collectors.joining(", "));
    }
}
