package net.landht.config;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as admins write them: a whole number of bytes ({@code 65536}), or a whole number and a unit, with or
 * without a blank between them: {@code B}; binary {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} (powers of
 * 1024); decimal {@code KB}, {@code MB}, {@code GB}, {@code TB} (powers of 1000). Units ignore case ({@code 128mib}),
 * so {@code kb} is 1000 bytes, never 1024: write {@code KiB} for that.
 */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("\\+?(\\d{1,19})\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.of("", 1L, "b", 1L,
            "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30, "tib", 1L << 40,
            "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L, "tb", 1_000_000_000_000L);

    private ByteSizes() {
    }

    /**
     * Parses a size.
     *
     * @return the number of bytes, which may exceed {@code Long.MAX_VALUE} (the caller checks its own range)
     * @throws IllegalArgumentException when the text is not a size in the forms of the class comment
     */
    public static BigInteger parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        Long unit = m.matches() ? UNITS.get(m.group(2)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size");
        }
        return new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit));
    }
}
