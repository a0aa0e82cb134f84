package net.landht.storage;

import java.net.InetAddress;

/**
 * The unit quotas are counted in: one IPv4 address, or one IPv6 /64 (OpenDHT: include/opendht/sockaddr.h,
 * {@code ipCmp}, which compares only the first 64 bits of an IPv6 address).
 *
 * @param family 4, 6, or 0 for an unknown source
 * @param prefix the IPv4 address, or the first 64 bits of the IPv6 address
 */
record SourceKey(int family, long prefix) {
    /** Values restored or put without a known source. */
    static final SourceKey UNKNOWN = new SourceKey(0, 0);

    static SourceKey of(InetAddress address) {
        if (address == null) {
            return UNKNOWN;
        }
        byte[] b = address.getAddress();
        long p = 0;
        int n = Math.min(b.length, 8);
        for (int i = 0; i < n; i++) {
            p = p << 8 | (b[i] & 0xFF);
        }
        return new SourceKey(b.length == 4 ? 4 : 6, p);
    }
}
