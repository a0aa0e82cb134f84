package net.landht.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import net.landht.net.DatagramSender;
import net.landht.wire.DecodeResult;
import net.landht.wire.Message;
import net.landht.wire.WireDecoder;

/** Records every datagram a node sends, decoded. */
final class CapturingSender implements DatagramSender {
    record Sent(InetSocketAddress to, Message message, byte[] bytes) {
    }

    final List<Sent> sent = new ArrayList<>();
    private final boolean ipv4;
    private final boolean ipv6;

    /** A sender with sockets of both families. */
    CapturingSender() {
        this(true, true);
    }

    /** A sender with sockets of the families given only. */
    CapturingSender(boolean ipv4, boolean ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    @Override
    public void send(InetSocketAddress to, byte[] datagram) {
        DecodeResult r = WireDecoder.decode(datagram);
        if (!(r instanceof DecodeResult.Ok ok)) {
            throw new AssertionError("the node sent an undecodable datagram: " + r);
        }
        sent.add(new Sent(to, ok.message(), datagram));
    }

    @Override
    public boolean hasIpv4() {
        return ipv4;
    }

    @Override
    public boolean hasIpv6() {
        return ipv6;
    }

    /** Messages of one type sent so far, and forgets them. */
    <T extends Message> List<T> take(Class<T> type) {
        List<T> out = new ArrayList<>();
        sent.removeIf(s -> {
            if (type.isInstance(s.message())) {
                out.add(type.cast(s.message()));
                return true;
            }
            return false;
        });
        return out;
    }
}
