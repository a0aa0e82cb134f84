package net.landht.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import net.landht.config.InetLiterals;

/**
 * An IPv4 or IPv6 CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is a /32 or /128), for the
 * {@code limits.allow} and {@code limits.exempt} lists. Parsing reuses the config's checks
 * ({@link InetLiterals#checkCidr}), so nothing ever asks DNS. A block written in v4-mapped form
 * ({@code ::ffff:10.0.0.0/104}) is the IPv4 block it maps, as received v4-mapped sources are handled as IPv4.
 * A block matches addresses of its own family only. Immutable.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses one block.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Cidr parse(String s) {
        String t = s.trim();
        int prefix = InetLiterals.checkCidr(t);
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = InetLiterals.parse(address);
        if (a instanceof Inet4Address && address.indexOf(':') >= 0) {
            prefix = Math.max(0, prefix - 96); // ::ffff:a.b.c.d/n, which Java already returned as IPv4
        }
        byte[] net = a.getAddress();
        mask(net, prefix);
        return new Cidr(net, prefix, t);
    }

    /** Parses every block of a list. */
    public static List<Cidr> parseAll(List<String> blocks) {
        List<Cidr> out = new ArrayList<>(blocks.size());
        for (String b : blocks) {
            out.add(parse(b));
        }
        return List.copyOf(out);
    }

    /** True when some block of {@code blocks} contains {@code address}. */
    public static boolean anyContains(List<Cidr> blocks, InetAddress address) {
        for (Cidr c : blocks) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code address} is of this block's family and its first {@code prefix} bits are the block's. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (network[full] & m);
    }

    public int prefixLength() {
        return prefix;
    }

    private static void mask(byte[] b, int prefix) {
        for (int i = 0; i < b.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - 8 * i));
            b[i] = (byte) (b[i] & ((0xFF << (8 - bitsHere)) & 0xFF));
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
