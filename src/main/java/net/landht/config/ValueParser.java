package net.landht.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a {@link RawValue} into the Java value of a {@link ValueType}, or says precisely what is wrong. */
final class ValueParser {
    /** The shortest {@link ValueType#INTERVAL}: under it is a typo such as 1ms for 1m. */
    private static final java.time.Duration MIN_INTERVAL = java.time.Duration.ofSeconds(1);

    static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
    private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "off", "0");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern HEX40 = Pattern.compile("[0-9A-Fa-f]{40}");
    /** A Jami name: jami-daemon src/jamidht/namedirectory.cpp NAME_VALIDATOR (the rule of names.NameRules). */
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9_-]{3,32}");
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[;,]");
    private static final BigInteger MAX_NETWORK_ID = BigInteger.valueOf(0xFFFF_FFFFL);

    /** A value that does not fit its key; {@code origin} is where it was written (a list item's own line). */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;
        final String origin;

        BadValue(String detail, String origin) {
            super(detail);
            this.origin = origin;
        }
    }

    private ValueParser() {
    }

    static Object parse(ValueType type, RawValue v) throws BadValue {
        if (type.isList()) {
            return parseList(type, v);
        }
        if (v.kind() == RawValue.Kind.NULL && (type == ValueType.NODE_ID || type == ValueType.STATE_DIR
                || type == ValueType.FILE_PATH || type == ValueType.PUSH_URL
                || type == ValueType.PRIMARY_URL)) {
            return null;
        }
        return switch (type) {
            case PORT -> (int) integer(type, v, BigInteger.ONE, BigInteger.valueOf(65535));
            case POSITIVE_INT -> (int) integer(type, v, BigInteger.ONE, BigInteger.valueOf(Integer.MAX_VALUE));
            case NON_NEGATIVE_INT -> (int) integer(type, v, BigInteger.ZERO, BigInteger.valueOf(Integer.MAX_VALUE));
            case POSITIVE_LONG -> integer(type, v, BigInteger.ONE, BigInteger.valueOf(Long.MAX_VALUE));
            case NON_NEGATIVE_LONG -> integer(type, v, BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE));
            case NETWORK_ID -> integer(type, v, BigInteger.ZERO, MAX_NETWORK_ID);
            case BYTES_INT -> (int) bytes(type, v, BigInteger.ONE, BigInteger.valueOf(Integer.MAX_VALUE));
            case BYTES_LONG -> bytes(type, v, BigInteger.ONE, BigInteger.valueOf(Long.MAX_VALUE));
            case BYTES_OR_ZERO -> bytes(type, v, BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE));
            case BOOLEAN -> bool(type, v);
            case IPV4 -> {
                String s = string(type, v).strip();
                if (!InetLiterals.isIpv4(s)) {
                    throw new BadValue("expected " + type.expected + ", got '" + s + "'", v.origin());
                }
                yield s;
            }
            case IPV6 -> {
                String s = string(type, v).strip();
                if (!InetLiterals.isIpv6(s)) {
                    throw new BadValue("expected " + type.expected + ", got '" + s + "'", v.origin());
                }
                yield s;
            }
            case IP -> {
                String s = string(type, v).strip();
                if (!InetLiterals.isIpv4(s) && !InetLiterals.isIpv6(s)) {
                    throw new BadValue("expected " + type.expected + ", got '" + s + "'", v.origin());
                }
                yield s;
            }
            case NODE_ID -> {
                String s = string(type, v).strip();
                if (s.isEmpty()) {
                    yield null;
                }
                if (!HEX40.matcher(s).matches()) {
                    throw new BadValue("expected " + type.expected + ", got '" + s + "' (" + s.length()
                            + " characters)", v.origin());
                }
                yield s.toLowerCase(Locale.ROOT);
            }
            case STATE_DIR, FILE_PATH -> {
                String s = string(type, v).strip();
                if (s.isEmpty()) {
                    yield null;
                }
                try {
                    yield Path.of(s);
                } catch (InvalidPathException e) {
                    throw new BadValue("'" + s + "' is not a valid path: " + e.getReason(), v.origin());
                }
            }
            case INTERVAL, INTERVAL_OR_OFF, NON_NEGATIVE_DURATION -> {
                if (v.kind() != RawValue.Kind.STRING && v.kind() != RawValue.Kind.INTEGER) {
                    throw mismatch(type, v);
                }
                java.time.Duration d;
                try {
                    d = Durations.parse(v.text());
                } catch (IllegalArgumentException e) {
                    throw new BadValue("expected " + type.expected + ", got " + v.describe(), v.origin());
                }
                boolean off = d.isZero() && type == ValueType.INTERVAL_OR_OFF;
                if (type != ValueType.NON_NEGATIVE_DURATION && !off && d.compareTo(MIN_INTERVAL) < 0) {
                    throw new BadValue("expected " + type.expected + ", got " + v.describe(), v.origin());
                }
                yield d;
            }
            case LOG_LEVEL -> {
                String s = string(type, v).strip().toLowerCase(Locale.ROOT);
                if (!LOG_LEVELS.contains(s)) {
                    throw new BadValue("expected " + type.expected + ", got " + v.describe(), v.origin());
                }
                yield s;
            }
            case PUSH_URL -> pushUrl(type, v);
            case PRIMARY_URL -> primaryUrl(type, v);
            case SEED_LIST, CIDR_LIST, NAME_LIST, USERNAME_LIST, HOST_LIST -> throw new AssertionError(type);
        };
    }

    private static List<String> parseList(ValueType type, RawValue v) throws BadValue {
        List<RawValue> items = switch (v.kind()) {
            case NULL -> List.of();
            case LIST -> v.items();
            case STRING -> splitScalar(v);
            default -> throw mismatch(type, v);
        };
        List<String> out = new ArrayList<>();
        for (RawValue item : items) {
            if (item.kind() != RawValue.Kind.STRING) {
                throw new BadValue("expected " + type.expected + ", got " + item.describe() + " as an item",
                        item.origin());
            }
            String s = item.text().strip();
            try {
                switch (type) {
                    case SEED_LIST -> {
                        for (String entry : Seeds.split(s)) {
                            Seeds.parseOne(entry);
                            out.add(entry);
                        }
                    }
                    case CIDR_LIST -> {
                        InetLiterals.checkCidr(s);
                        out.add(s);
                    }
                    case HOST_LIST -> {
                        if (s.isEmpty() || s.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
                            throw new IllegalArgumentException("'" + s + "' is not a host name or address");
                        }
                        out.add(s.toLowerCase(Locale.ROOT));
                    }
                    case USERNAME_LIST -> {
                        if (!USERNAME.matcher(s).matches()) {
                            throw new IllegalArgumentException("'" + s + "' is not a Jami name (3 to 32 letters,"
                                    + " digits, - or _)");
                        }
                        out.add(s.toLowerCase(Locale.ROOT));
                    }
                    default -> {
                        if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
                            throw new IllegalArgumentException("'" + s + "' is not an interface name");
                        }
                        out.add(s);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new BadValue(e.getMessage(), item.origin());
            }
        }
        return out;
    }

    /** An http(s) URL with a host; dhtnode's bare {@code host:port} is read as http. Empty = none (null). */
    private static String pushUrl(ValueType type, RawValue v) throws BadValue {
        String s = string(type, v).strip();
        if (s.isEmpty()) {
            return null;
        }
        String url = s.contains("://") ? s : "http://" + s;
        try {
            java.net.URI u = new java.net.URI(url);
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new BadValue("expected " + type.expected + ", got '" + s + "'", v.origin());
    }

    /**
     * The base URL of a primary name server: {@code http} or {@code https}, a host, an optional port, nothing after
     * it but one optional {@code /}; kept without that slash and with the scheme in lower case. Empty = none (null).
     */
    private static String primaryUrl(ValueType type, RawValue v) throws BadValue {
        String s = string(type, v).strip();
        if (s.isEmpty()) {
            return null;
        }
        String why;
        try {
            java.net.URI u = new java.net.URI(s.contains("://") ? s : "none://" + s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                why = "the scheme must be http:// or https://";
            } else if (u.getHost() == null || u.getRawUserInfo() != null) {
                why = "it needs a host (and no user:password@)";
            } else if (!path.isEmpty() && !path.equals("/") || u.getRawQuery() != null
                    || u.getRawFragment() != null) {
                why = "no path, query or fragment: the primary's /name and /addr are at its root";
            } else {
                return scheme + "://" + u.getRawAuthority();
            }
        } catch (java.net.URISyntaxException e) {
            why = e.getReason();
        }
        throw new BadValue("expected " + type.expected + ", got '" + s + "': " + why, v.origin());
    }

    private static List<RawValue> splitScalar(RawValue v) {
        List<RawValue> items = new ArrayList<>();
        for (String part : LIST_SEPARATORS.split(v.text())) {
            if (!part.isBlank()) {
                items.add(RawValue.string(part.strip(), v.origin()));
            }
        }
        return items;
    }

    private static long integer(ValueType type, RawValue v, BigInteger min, BigInteger max) throws BadValue {
        String s = v.text() == null ? "" : v.text().strip();
        if (v.kind() != RawValue.Kind.INTEGER && !(v.kind() == RawValue.Kind.STRING && INTEGER.matcher(s).matches())) {
            throw mismatch(type, v);
        }
        BigInteger n = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw new BadValue("expected " + type.expected + ", got " + n, v.origin());
        }
        return n.longValueExact();
    }

    private static long bytes(ValueType type, RawValue v, BigInteger min, BigInteger max) throws BadValue {
        if (v.kind() != RawValue.Kind.INTEGER && v.kind() != RawValue.Kind.STRING) {
            throw mismatch(type, v);
        }
        BigInteger n;
        try {
            n = ByteSizes.parse(v.text());
        } catch (IllegalArgumentException e) {
            throw new BadValue("expected " + type.expected + ", got " + v.describe(), v.origin());
        }
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw new BadValue("expected " + type.expected + ", got " + v.describe() + " (" + n + " bytes)",
                    v.origin());
        }
        return n.longValueExact();
    }

    private static boolean bool(ValueType type, RawValue v) throws BadValue {
        if (v.kind() == RawValue.Kind.BOOLEAN || v.kind() == RawValue.Kind.STRING) {
            String s = v.text().strip().toLowerCase(Locale.ROOT);
            if (TRUE.contains(s)) {
                return true;
            }
            if (FALSE.contains(s)) {
                return false;
            }
        }
        throw mismatch(type, v);
    }

    private static String string(ValueType type, RawValue v) throws BadValue {
        if (v.kind() != RawValue.Kind.STRING) {
            throw mismatch(type, v);
        }
        return v.text();
    }

    private static BadValue mismatch(ValueType type, RawValue v) {
        return new BadValue("expected " + type.expected + ", got " + v.describe(), v.origin());
    }
}
