package net.landht.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Checks IP address literals and CIDR blocks without ever asking DNS. {@link InetAddress#getByName} resolves names,
 * so a string reaches it only once its shape guarantees Java's literal path: a strict dotted quad, or text with a
 * {@code :} that starts with a hex digit or {@code :}.
 */
public final class InetLiterals {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_SHAPE = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

    private InetLiterals() {
    }

    /** True for a dotted-quad IPv4 literal ({@code 10.0.0.1}; not the legacy {@code 10.1} forms). */
    public static boolean isIpv4(String s) {
        return s != null && IPV4.matcher(s).matches();
    }

    /** True for an IPv6 literal, optionally with a zone ({@code fe80::1%eth0}); no brackets. */
    public static boolean isIpv6(String s) {
        return parseIpv6(s) != null;
    }

    /**
     * The address of an IPv4 or IPv6 literal.
     *
     * @throws IllegalArgumentException when {@code s} is not a literal of either family
     */
    public static InetAddress parse(String s) {
        if (isIpv4(s)) {
            return literal(s);
        }
        InetAddress v6 = parseIpv6(s);
        if (v6 == null) {
            throw new IllegalArgumentException("'" + s + "' is not an IPv4 or IPv6 address");
        }
        return v6;
    }

    /**
     * Checks a CIDR block: {@code 10.0.0.0/8}, {@code fd00::/8}, or a single address (a /32 or /128).
     *
     * @return the prefix length
     * @throws IllegalArgumentException saying what is wrong
     */
    public static int checkCidr(String s) {
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        boolean v4 = isIpv4(address);
        if (!v4 && !isIpv6(address) || address.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + s + "' is not a CIDR block: '" + address
                    + "' is not an IPv4 or IPv6 address");
        }
        int max = v4 ? 32 : 128;
        if (slash < 0) {
            return max;
        }
        String prefix = s.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(prefix) > max) {
            throw new IllegalArgumentException("'" + s + "' is not a CIDR block: the prefix length must be 0.." + max
                    + " for " + (v4 ? "IPv4" : "IPv6"));
        }
        return Integer.parseInt(prefix);
    }

    private static InetAddress parseIpv6(String s) {
        if (s == null || s.indexOf(':') < 0 || !IPV6_SHAPE.matcher(s).matches()) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(s);
            // "::ffff:10.0.0.1" comes back as an Inet4Address: still an IPv6 literal as written.
            return a instanceof Inet6Address || a instanceof Inet4Address ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress literal(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address", e);
        }
    }
}
