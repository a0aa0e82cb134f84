package net.landht.it.support;

import java.util.HexFormat;

/** Lower-case hex, the way OpenDHT prints ids. */
public final class Hex {

    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] b) {
        return HEX.formatHex(b);
    }

    public static byte[] decode(String s) {
        return HEX.parseHex(s);
    }
}
