package net.landht.net;

/**
 * A server socket (ops endpoint, LAN HTTP port) could not be bound, so the node does not start. The message names
 * the address and the setting to change ({@link BindFailure#describe}); {@link #toString()} is just the message,
 * which the daemon logs as the reason it cannot start.
 */
public class ServerBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServerBindException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
