package net.landht.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * A raw UDP socket on a chosen loopback address (127.0.0.2, 127.0.0.3 … are distinct sources to the node under
 * test, which keeps its limits per source IP): sends OpenDHT pings or any bytes, and counts pongs. Unlike
 * {@link RawDhtClient} it never retransmits and never fails on silence: tests measure what got answered.
 * Loopback only.
 */
public final class UdpProbe implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    private final byte[] id = new byte[20];
    private final byte[] buf = new byte[65_536];

    /** A socket bound to {@code loopback} (e.g. "127.0.0.2") on a free port. */
    public UdpProbe(String loopback) {
        RANDOM.nextBytes(id);
        try {
            InetAddress a = InetAddress.getByName(loopback);
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException(loopback + " is not a loopback address");
            }
            socket = new DatagramSocket(new InetSocketAddress(a, 0));
            socket.setReceiveBufferSize(4 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a probe on " + loopback, e);
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The bytes of an OpenDHT 2.4 ping with transaction id {@code tid} from this probe's node id. */
    public byte[] pingBytes(long tid) {
        return request("ping", Map.of(), tid);
    }

    /** A request {@code {a:{id,...args}, q, t, y:"q", v:"RNG1"}}. */
    public byte[] request(String query, Map<String, Object> args, long tid) {
        return Msgpack.encode(RawDhtClient.query(id, query, args, tid));
    }

    public void send(InetSocketAddress to, byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException("send to " + to, e);
        }
    }

    /**
     * The next datagram decoded as a msgpack map that answers one of our requests ({@code r} or {@code e}), waiting at
     * most {@code timeoutMillis}; null when none came. Requests the node sends us (ping-backs) are skipped.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> receiveAnswer(int timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                Object o = Msgpack.decode(Arrays.copyOf(p.getData(), p.getLength()));
                if (o instanceof Map<?, ?> m && (m.containsKey("r") || m.containsKey("e"))) {
                    return (Map<String, Object>) m;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one ping and waits for its pong. */
    public boolean ping(InetSocketAddress to, int timeoutMillis) {
        long tid = 1 + RANDOM.nextInt(Integer.MAX_VALUE - 1);
        send(to, pingBytes(tid));
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, Object> m = receiveAnswer((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            if (m != null && m.get("t") instanceof Long t && t == tid) {
                return true;
            }
        }
        return false;
    }

    /** Counts answers arriving within {@code millis} (e.g. pongs to a burst already sent). */
    public int drainAnswers(int millis) {
        int n = 0;
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (receiveAnswer((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Everything received within {@code millis}: bytes and datagrams of every kind (answers, value parts, requests
     * from the node). With {@code answer}, the node's pings and {@code update}s are answered (a full node's reply
     * {@code {id, sa}}), so the node verifies this probe's address; without it, nothing is answered.
     */
    public Received receiveAll(int millis, boolean answer) {
        long bytes = 0;
        int datagrams = 0;
        int updates = 0;
        byte[] token = null;
        StringBuilder kinds = new StringBuilder();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return new Received(bytes, datagrams, updates, token, kinds.toString().trim());
                }
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return new Received(bytes, datagrams, updates, token, kinds.toString().trim());
                }
                bytes += p.getLength();
                datagrams++;
                Object o = Msgpack.decode(Arrays.copyOf(p.getData(), p.getLength()));
                if (o instanceof Map<?, ?> m) {
                    kinds.append(' ').append(m.get("y")).append(m.get("q") != null ? ":" + m.get("q") : "")
                            .append('/').append(p.getLength());
                }
                if (o instanceof Map<?, ?> m && m.get("r") instanceof Map<?, ?> r
                        && r.get("token") instanceof byte[] t) {
                    token = t;
                }
                if (o instanceof Map<?, ?> m && "q".equals(m.get("y"))) {
                    if ("update".equals(m.get("q"))) {
                        updates++;
                    }
                    if (answer) {
                        Map<String, Object> r = new java.util.LinkedHashMap<>();
                        r.put("id", id);
                        r.put("sa", p.getAddress().getAddress());
                        Map<String, Object> reply = new java.util.LinkedHashMap<>();
                        reply.put("r", r);
                        reply.put("t", m.get("t"));
                        reply.put("y", "r");
                        reply.put("v", "RNG1");
                        send((InetSocketAddress) p.getSocketAddress(), Msgpack.encode(reply));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@link #receiveAll} saw.
     *
     * @param bytes     UDP payload bytes received
     * @param datagrams datagrams received
     * @param updates   {@code update} requests among them (retransmissions included)
     * @param token     the last write token seen in an answer, or null
     * @param kinds     each datagram as {@code y[:q]/bytes}, in order (for the test's log)
     */
    public record Received(long bytes, int datagrams, int updates, byte[] token, String kinds) {
        /** This and {@code later} together. */
        public Received plus(Received later) {
            return new Received(bytes + later.bytes, datagrams + later.datagrams, updates + later.updates,
                    later.token != null ? later.token : token, (kinds + " " + later.kinds).trim());
        }
    }

    /** The {@code token} of a find reply to this probe: a write token valid for this probe's address. */
    public byte[] token(InetSocketAddress to) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long tid = 1 + RANDOM.nextInt(Integer.MAX_VALUE - 1);
            send(to, request("find", Map.of("target", id), tid));
            Map<String, Object> m = receiveAnswer(1000);
            if (m != null && m.get("r") instanceof Map<?, ?> r && r.get("token") instanceof byte[] token) {
                return token;
            }
        }
        throw new AssertionError("no find reply with a token from " + to + " to " + localAddress());
    }

    @Override
    public void close() {
        socket.close();
    }
}
