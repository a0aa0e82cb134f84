package net.landht.value;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The data checks of the types with their own store policy: 1 (DHT message), 2 (service announcement) and
 * 8 (certificate). Stateless; bad data of any kind is an answer, never an exception.
 * OpenDHT: src/default_types.cpp, include/opendht/default_types.h, include/opendht/securedht.h, src/crypto.cpp.
 */
final class TypeRules {
    /** Linux {@code AF_INET} and {@code AF_INET6}, as OpenDHT writes them (host order, little-endian). */
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCKADDR_IN_BYTES = 16;
    private static final int SOCKADDR_IN6_BYTES = 28;

    private TypeRules() {
    }

    /**
     * Type 1: true only when the data is a packed DHT message {@code [service, data]} whose service is empty. Data
     * that is not such a message passes, as in OpenDHT (the unpack error is swallowed there).
     */
    static boolean isDhtMessageWithEmptyService(byte[] data) {
        try {
            MessageUnpacker u = MessagePack.newDefaultUnpacker(data);
            if (!u.hasNext() || u.getNextFormat().getValueType() != ValueType.ARRAY) {
                return false;
            }
            int n = u.unpackArrayHeader();
            if (n == 0) {
                return true;
            }
            int serviceLen = stringLength(u);
            if (serviceLen < 0) {
                return false;
            }
            if (n > 1 && stringLength(u) < 0) {
                return false;
            }
            return serviceLen == 0;
        } catch (MessagePackException | IOException e) {
            return false;
        }
    }

    /** Length of the str or bin at the cursor (consumed), or -1 when it is something else. */
    private static int stringLength(MessageUnpacker u) throws IOException {
        ValueType t = u.getNextFormat().getValueType();
        int len;
        if (t == ValueType.STRING) {
            len = u.unpackRawStringHeader();
        } else if (t == ValueType.BINARY) {
            len = u.unpackBinaryHeader();
        } else {
            return -1;
        }
        u.readPayloadAsReference(len);
        return len;
    }

    /**
     * Type 2: the announced port, from data that packs a Linux {@code sockaddr} as a bin; 0 when the data is not
     * such an address or names no port (OpenDHT then refuses the value).
     */
    static int announcedPort(byte[] data) {
        try {
            MessageUnpacker u = MessagePack.newDefaultUnpacker(data);
            if (!u.hasNext() || u.getNextFormat().getValueType() != ValueType.BINARY) {
                return 0;
            }
            int len = u.unpackBinaryHeader();
            if (len < 4 || len > 128) {
                return 0;
            }
            byte[] sa = u.readPayload(len);
            int family = (sa[0] & 0xFF) | (sa[1] & 0xFF) << 8;
            if ((family == AF_INET && len < SOCKADDR_IN_BYTES) || (family == AF_INET6 && len < SOCKADDR_IN6_BYTES)
                    || (family != AF_INET && family != AF_INET6)) {
                return 0;
            }
            return (sa[2] & 0xFF) << 8 | (sa[3] & 0xFF);
        } catch (MessagePackException | IOException e) {
            return 0;
        }
    }

    /**
     * Type 2 rewrite: the data of an announcement of {@code source} with {@code port}, a packed Linux
     * {@code sockaddr_in}/{@code sockaddr_in6} (scope id 0), as OpenDHT stores it in place of what was sent.
     */
    static byte[] announcementData(InetAddress source, int port) {
        boolean v4 = source instanceof Inet4Address;
        byte[] ip = source.getAddress();
        byte[] sa = new byte[v4 ? SOCKADDR_IN_BYTES : SOCKADDR_IN6_BYTES];
        sa[0] = (byte) (v4 ? AF_INET : AF_INET6);
        sa[2] = (byte) (port >>> 8);
        sa[3] = (byte) port;
        System.arraycopy(ip, 0, sa, v4 ? 4 : 8, ip.length);
        byte[] out = new byte[2 + sa.length];
        out[0] = (byte) 0xc4;
        out[1] = (byte) sa.length;
        System.arraycopy(sa, 0, out, 2, sa.length);
        return out;
    }

    /**
     * Type 8: the DER SubjectPublicKeyInfo of the (first) certificate in the data, or null. The data is usually a
     * msgpack bin wrapping a PEM chain; like GnuTLS, the PEM block is searched anywhere in the bytes, and plain DER
     * is tried when there is none. The chain's order and signatures are not checked (OpenDHT does not check the
     * signature either).
     */
    static byte[] certificateKey(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        byte[] der = data;
        for (String label : new String[] {"CERTIFICATE", "X509 CERTIFICATE"}) {
            String begin = "-----BEGIN " + label + "-----";
            int b = text.indexOf(begin);
            if (b >= 0) {
                int from = b + begin.length();
                int e = text.indexOf("-----END " + label + "-----", from);
                if (e < 0) {
                    return null;
                }
                try {
                    der = Base64.getMimeDecoder().decode(text.substring(from, e));
                } catch (IllegalArgumentException x) {
                    return null;
                }
                break;
            }
        }
        try {
            Certificate cert = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
            return cert.getSubjectPublicKeyInfo().getEncoded("DER");
        } catch (IOException | RuntimeException e) {
            // Malformed ASN.1 surfaces as IOException, IllegalArgumentException or ClassCastException: no certificate.
            return null;
        }
    }
}
