package net.landht.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a part of the proxy's state (push subscriptions, permanent puts) is kept across restarts: the daemon gives a
 * file in the state folder, written crash-safe; {@link #NONE} keeps nothing ({@code persistence.enabled: false}).
 * Saved a second after a change and at stop by a {@link StateSaver}.
 */
public interface StateFile {
    StateFile NONE = new StateFile() {
        @Override
        public byte[] load() {
            return null;
        }

        @Override
        public void save(byte[] bytes) {
        }
    };

    /** The saved bytes, or null when there are none yet. */
    byte[] load() throws IOException;

    /** Replaces the saved bytes: afterwards the file holds the old content or the new, never a mix. */
    void save(byte[] bytes) throws IOException;

    /**
     * An address as saved ({@link InetAddress#getHostAddress}): only a literal is accepted, never a name lookup.
     *
     * @throws UnknownHostException when {@code s} is not an IPv4 or IPv6 literal
     */
    static InetAddress address(String s) throws UnknownHostException {
        if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9'))) {
            throw new UnknownHostException("not an address literal: " + s);
        }
        return InetAddress.getByName(s);
    }
}
