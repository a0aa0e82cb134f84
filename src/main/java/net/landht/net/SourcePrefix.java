package net.landht.net;

import java.net.InetAddress;

/**
 * The part of a source address that limits and filters are kept for: the whole IPv4 address, or the /64 prefix of an
 * IPv6 address (one host usually owns a whole /64). OpenDHT: include/opendht/sockaddr.h {@code ipCmp} (the rate
 * limiter and storage quotas compare IPv6 addresses by their first 64 bits).
 *
 * @param bits the IPv4 address as an unsigned 32-bit number, or the first 64 bits of the IPv6 address
 * @param ipv6 which family
 */
public record SourcePrefix(long bits, boolean ipv6) {
    /** The prefix of {@code address} (IPv4 for a v4-mapped IPv6 address, as Java already converts those). */
    public static SourcePrefix of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return new SourcePrefix(((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8)
                    | (b[3] & 0xFFL), false);
        }
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFFL);
        }
        return new SourcePrefix(hi, true);
    }

    @Override
    public String toString() {
        if (!ipv6) {
            return ((bits >>> 24) & 0xFF) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "."
                    + (bits & 0xFF);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            s.append(Long.toHexString((bits >>> (16 * i)) & 0xFFFF)).append(':');
        }
        return s.append(":/64").toString();
    }
}
