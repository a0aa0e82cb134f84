package net.landht.wire;

/**
 * One OpenDHT datagram, decoded. The family is closed: requests, replies, errors, value-data parts and legacy
 * (listen version 0) update notifications. Fact sheet §2–§4.
 */
public sealed interface Message permits Request, Reply, ErrorReply, ValueData, LegacyUpdate {
    /** Transaction id, network id, client flag and user agent. */
    Header header();
}
