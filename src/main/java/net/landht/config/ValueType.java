package net.landht.config;

/** The type of a configuration key, with the words a message uses for what it expects. */
enum ValueType {
    PORT("a port number 1..65535"),
    POSITIVE_INT("a whole number >= 1"),
    NON_NEGATIVE_INT("a whole number >= 0"),
    POSITIVE_LONG("a whole number >= 1"),
    NON_NEGATIVE_LONG("a whole number >= 0"),
    /** Sizes take units ({@link ByteSizes}): 64KiB, 128MiB, 1GB. */
    BYTES_INT("a size of at least 1 byte such as 65536, 64KiB or 1MB, up to 2147483647 bytes"),
    BYTES_LONG("a size of at least 1 byte such as 134217728, 128MiB or 1GB"),
    BYTES_OR_ZERO("a size such as 67108864, 64MiB or 1GB, or 0"),
    BOOLEAN("true or false"),
    IPV4("an IPv4 address such as 0.0.0.0"),
    IPV6("an IPv6 address such as ::"),
    IP("an IPv4 or IPv6 address"),
    NETWORK_ID("a network id 0..4294967295"),
    NODE_ID("40 hex digits, or empty for the persisted/random id"),
    STATE_DIR("a folder path, or empty for the default"),
    FILE_PATH("a file path, or empty for the default"),
    /** A period of periodic work: under a second is a typo (1ms for 1m) that would run it a thousand times a second. */
    INTERVAL("a duration of at least 1s such as 30s, 5m, 1h or PT30S"),
    INTERVAL_OR_OFF("a duration of at least 1s such as 30s, 5m, 1h or PT30S, or 0 for off"),
    NON_NEGATIVE_DURATION("a duration such as 250ms, 30s, 5m, 1h or PT30S, or 0"),
    LOG_LEVEL("one of error, warn, info, debug, trace"),
    SEED_LIST("a list of seeds: host, host:port or [v6]:port"),
    CIDR_LIST("a list of CIDR blocks such as 10.0.0.0/8 or fd00::/8"),
    NAME_LIST("a list of interface names"),
    USERNAME_LIST("a list of Jami names: 3 to 32 letters, digits, - or _"),
    PUSH_URL("an http or https URL such as http://gorush.lan:8088 (or host:port), or empty for none"),
    PRIMARY_URL("an http or https URL such as http://10.0.0.5:8000 (no path), or empty for none"),
    HOST_LIST("a list of host names or IP addresses");

    final String expected;

    ValueType(String expected) {
        this.expected = expected;
    }

    boolean isList() {
        return this == SEED_LIST || this == CIDR_LIST || this == NAME_LIST || this == USERNAME_LIST
                || this == HOST_LIST;
    }
}
