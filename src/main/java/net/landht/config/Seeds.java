package net.landht.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses bootstrap settings in every form Jami and dhtnode write: {@code host}, {@code host:port},
 * {@code [v6]:port}, {@code [v6]}, a bare IPv6 literal ({@code ::1}, {@code fd00::5}), host names, and lists of
 * those separated by {@code ;} (Jami), {@code ,} or blanks. The port defaults to 4222. Nothing is resolved here.
 *
 * <p>Host and port are split as OpenDHT does (src/utils.cpp {@code splitPort}): brackets delimit an IPv6 literal;
 * without brackets a single {@code :} separates the port and two or more mean a bare IPv6 literal. An empty port
 * ({@code host:}) means the default port, as in OpenDHT.
 */
public final class Seeds {
    private static final Pattern SEPARATORS = Pattern.compile("[;,\\s]+");
    private static final Pattern HOSTNAME = Pattern.compile(
            "[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");

    private Seeds() {
    }

    /**
     * Parses one setting, which may hold a list. Blank text gives an empty list; duplicates are dropped.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<Seed> parse(String text) {
        return text == null ? List.of() : parseAll(List.of(text));
    }

    /**
     * Parses several settings (each may hold a list), in order, without duplicates.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<Seed> parseAll(Collection<String> settings) {
        Set<Seed> seeds = new LinkedHashSet<>();
        for (String setting : settings) {
            for (String entry : split(setting)) {
                seeds.add(parseOne(entry));
            }
        }
        return List.copyOf(seeds);
    }

    /** Splits a setting into its entries (no validation); blank text gives an empty list. */
    public static List<String> split(String setting) {
        List<String> entries = new ArrayList<>();
        for (String part : SEPARATORS.split(setting == null ? "" : setting.strip())) {
            if (!part.isEmpty()) {
                entries.add(part);
            }
        }
        return entries;
    }

    /**
     * Parses a single entry: {@code host}, {@code host:port}, {@code [v6]:port}, {@code [v6]} or a bare IPv6
     * literal.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static Seed parseOne(String entry) {
        String s = entry.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty bootstrap entry");
        }
        String host;
        String port;
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(entry, "missing ']' after the IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                port = "";
            } else if (rest.charAt(0) == ':') {
                port = rest.substring(1);
            } else {
                throw bad(entry, "expected ':port' after ']'");
            }
            if (!InetLiterals.isIpv6(host)) {
                throw bad(entry, "'" + host + "' between brackets is not an IPv6 address");
            }
        } else {
            int first = s.indexOf(':');
            int last = s.lastIndexOf(':');
            if (first >= 0 && first == last) {
                host = s.substring(0, first);
                port = s.substring(first + 1);
            } else {
                host = s;
                port = "";
            }
            if (first >= 0 && first != last) {
                if (!InetLiterals.isIpv6(host)) {
                    throw bad(entry, "not an IPv6 address (write [address]:port for an IPv6 address with a port)");
                }
            } else if (host.isEmpty()) {
                throw bad(entry, "no host before ':'");
            } else if (NUMERIC.matcher(host).matches()) {
                if (!InetLiterals.isIpv4(host)) {
                    throw bad(entry, "'" + host + "' is not an IPv4 address");
                }
            } else if (host.length() > 253 || !HOSTNAME.matcher(host).matches()) {
                throw bad(entry, "'" + host + "' is not a host name or IP address");
            }
        }
        return new Seed(host.toLowerCase(Locale.ROOT), parsePort(entry, port));
    }

    private static int parsePort(String entry, String port) {
        if (port.isEmpty()) {
            return NodeConfig.DEFAULT_PORT;
        }
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(entry, "port '" + port + "' is not a number 1..65535");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw bad(entry, "port " + p + " is not in 1..65535");
        }
        return p;
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("bad bootstrap entry '" + entry.strip() + "': " + why);
    }
}
