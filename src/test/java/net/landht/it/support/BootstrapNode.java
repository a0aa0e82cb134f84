package net.landht.it.support;

import java.net.InetSocketAddress;

/** A DHT node the tests bootstrap peers from: landht, or dhtnode as the reference implementation. */
public interface BootstrapNode extends AutoCloseable {

    /** Node id (hex) as the node itself reports it in a ping reply. */
    String nodeId();

    /** The UDP address to bootstrap from and to query (the first bound loopback address). */
    InetSocketAddress address();

    /** {@code host:port} of {@link #address()}, IPv6 in brackets, as CLIs take it. */
    default String hostPort() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    long pid();

    @Override
    void close();
}
