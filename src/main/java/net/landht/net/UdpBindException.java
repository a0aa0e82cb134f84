package net.landht.net;

import java.net.InetSocketAddress;

/** A UDP socket address could not be bound; {@link #getCause()} is the system's error ({@link BindFailure}). */
public final class UdpBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient InetSocketAddress address;

    UdpBindException(InetSocketAddress address, Throwable cause) {
        super("cannot bind UDP " + Addresses.hostPort(address) + ": " + cause.getMessage(), cause);
        this.address = address;
    }

    /** The address and port that could not be bound. */
    public InetSocketAddress address() {
        return address;
    }
}
