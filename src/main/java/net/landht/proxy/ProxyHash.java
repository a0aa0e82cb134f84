package net.landht.proxy;

import java.nio.charset.StandardCharsets;

import net.landht.id.InfoHash;

/**
 * The {@code {hash}} path segment of the proxy's routes, read as OpenDHT does: when its first 40 characters are hex
 * (either case) they are the key and the rest is ignored; anything else (shorter, not hex) is hashed with SHA-1, so
 * {@code /key/not-a-hash} is a get of SHA-1("not-a-hash"), never an error. OpenDHT: include/opendht/infohash.h
 * {@code Hash(std::string_view)}, src/dht_proxy_server.cpp ({@code if (!infoHash) infoHash = InfoHash::get(...)}).
 */
final class ProxyHash {
    private static final int HEX_CHARS = InfoHash.LENGTH * 2;

    private ProxyHash() {
    }

    /** The key named by {@code segment} (the raw path segment). */
    static InfoHash parse(String segment) {
        if (segment.length() >= HEX_CHARS && isHex(segment)) {
            InfoHash h = InfoHash.fromHex(segment.substring(0, HEX_CHARS).toLowerCase(java.util.Locale.ROOT));
            if (!h.isZero()) {
                return h;
            }
        }
        return InfoHash.sha1Of(segment.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < HEX_CHARS; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
