package net.landht.push;

/**
 * The push platform a client names in {@code platform} (OpenDHT src/dht_proxy_server.cpp {@code getTypeFromString}):
 * {@code "android"}, {@code "ios"}, {@code "unifiedpush"}; anything else, the empty string included, is
 * {@link #NONE}, which the gorush form sends like iOS (platform 1; fact sheet {@code dht-proxy.md} §8).
 */
public enum Platform {
    ANDROID, IOS, UNIFIEDPUSH, NONE;

    /** The platform of a request's {@code platform} field (null = none). */
    public static Platform of(String name) {
        if (name == null) {
            return NONE;
        }
        return switch (name) {
            case "android" -> ANDROID;
            case "ios" -> IOS;
            case "unifiedpush" -> UNIFIEDPUSH;
            default -> NONE;
        };
    }

    /** The lower-case name for counters and stats. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
