package net.landht.http;

/**
 * Compact JSON text as OpenDHT's jsoncpp writes it ({@code StreamWriterBuilder} with no indentation): strings quoted
 * with {@code \" \\ \b \f \n \r \t} escapes, other control characters and every non-ASCII character as
 * {@code \}{@code uXXXX} (lower-case hex, UTF-16 units), {@code /} left alone. Callers write object keys in
 * alphabetical order themselves, as jsoncpp's sorted map does. Stateless.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        appendQuoted(b, s);
        return b.toString();
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void appendQuoted(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** {@code {"err":"message"}}, OpenDHT's error body (no trailing newline, as RESTinio sends it). */
    public static String error(String message) {
        return "{\"err\":" + quote(message) + "}";
    }
}
