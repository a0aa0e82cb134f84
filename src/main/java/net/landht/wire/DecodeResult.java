package net.landht.wire;

/** The outcome of decoding one datagram: a message, or a typed failure. Never an exception. */
public sealed interface DecodeResult {
    /** A decoded message. */
    record Ok(Message message) implements DecodeResult {
    }

    /**
     * A datagram that must be dropped.
     *
     * @param error  the counted reason
     * @param detail a short description for DEBUG logs
     */
    record Failure(DecodeError error, String detail) implements DecodeResult {
    }
}
