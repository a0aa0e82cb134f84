package net.landht.wire;

/**
 * The address families a find or get asks nodes for ({@code w}). On the wire, the sender's OS constants: Linux
 * {@code AF_INET=2}, {@code AF_INET6=10}; 23 and 30 (Windows, macOS AF_INET6) are accepted as IPv6 too.
 * Fact sheet §5.
 *
 * @param ipv4 {@code n4} wanted
 * @param ipv6 {@code n6} wanted
 */
public record Want(boolean ipv4, boolean ipv6) {
    /** Linux AF_INET. */
    public static final int AF_INET = 2;
    /** Linux AF_INET6. */
    public static final int AF_INET6 = 10;
    /** Both families, written {@code [2, 10]}. */
    public static final Want BOTH = new Want(true, true);

    /** Adds one wire family number; unknown numbers are ignored, as OpenDHT does. */
    Want with(long family) {
        if (family == AF_INET) {
            return new Want(true, ipv6);
        }
        if (family == AF_INET6 || family == 23 || family == 30) {
            return new Want(ipv4, true);
        }
        return this;
    }
}
