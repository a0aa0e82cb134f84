package net.landht.wire;

/** Internal to the codec: carries a {@link DecodeError} out of nested parsing; never leaves {@link WireDecoder}. */
final class WireFormatException extends Exception {
    private final DecodeError error;

    WireFormatException(DecodeError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    DecodeError error() {
        return error;
    }
}
