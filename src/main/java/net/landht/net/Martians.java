package net.landht.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Source addresses no real peer can have, dropped on receive and never put in routing tables: port 0; IPv4
 * {@code 0.0.0.0/8} and first octet ≥ 224 (multicast, reserved); IPv6 {@code ::}, {@code ff00::/8} and the
 * v4-mapped range {@code ::ffff:0:0/96} (real v4-mapped senders are converted to IPv4 before this check).
 * OpenDHT: src/network_engine.cpp {@code isMartian}; fact sheet §1 (landht follows 4.x and accepts fe80::/10).
 */
public final class Martians {
    private Martians() {
    }

    /** True when {@code a} must be dropped. */
    public static boolean isMartian(InetSocketAddress a) {
        if (a == null || a.getPort() == 0 || a.getAddress() == null) {
            return true;
        }
        byte[] b = a.getAddress().getAddress();
        if (a.getAddress() instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            return first == 0 || first >= 224;
        }
        if (a.getAddress() instanceof Inet6Address) {
            if ((b[0] & 0xFF) == 0xFF) {
                return true;
            }
            boolean zeroTo10 = true;
            for (int i = 0; i < 10; i++) {
                zeroTo10 &= b[i] == 0;
            }
            if (zeroTo10 && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
                return true;
            }
            boolean allZero = zeroTo10 && b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0;
            return allZero && (b[15] == 0);
        }
        return true;
    }
}
