package net.landht.routing;

import java.net.InetSocketAddress;

import net.landht.id.InfoHash;

/** Readable ids and addresses for routing tests. */
final class Ids {
    private Ids() {
    }

    /** An id whose first byte is {@code firstByte} and last byte {@code last}, zeros between. */
    static InfoHash id(int firstByte, int last) {
        byte[] b = new byte[InfoHash.LENGTH];
        b[0] = (byte) firstByte;
        b[InfoHash.LENGTH - 1] = (byte) last;
        return InfoHash.of(b);
    }

    /** 127.0.0.1 at {@code port}. */
    static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** {@code ip} (a literal) at {@code port}. */
    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }
}
