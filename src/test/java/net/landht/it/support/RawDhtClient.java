package net.landht.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny OpenDHT client that speaks the wire protocol with msgpack-core directly (not landht's codec), so that the
 * interop tests check landht from the outside. It sends ping/find/get requests with a random 20-byte id, an integer
 * transaction id and {@code v:"RNG1"}, retransmits like OpenDHT (3 sends), and checks what every OpenDHT peer relies
 * on in the reply (fact sheet §3–§5, §19): {@code r.id} a 20-byte bin, {@code sa} a 4/16-byte bin, {@code n4}/{@code
 * n6} whole 26/38-byte records, a token in find/get replies. A violation is an {@link AssertionError} that quotes the
 * datagram. It never answers requests sent to it, so the node under test never counts it as a good node.
 * Loopback only: it binds 127.0.0.1 or ::1.
 */
public final class RawDhtClient implements AutoCloseable {

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ATTEMPTS = 3;
    private static final int ATTEMPT_MILLIS = 1000;

    private final DatagramSocket socket;
    private final byte[] id = new byte[20];
    private final long networkId;
    private int nextTid = 1 + RANDOM.nextInt(1 << 30);

    /** A client bound to the loopback address of {@code target}'s family. */
    public static RawDhtClient forTarget(InetSocketAddress target) {
        return new RawDhtClient(target.getAddress() instanceof Inet6Address, 0);
    }

    public RawDhtClient(boolean ipv6, long networkId) {
        RANDOM.nextBytes(id);
        this.networkId = networkId;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1"), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the raw client socket", e);
        }
    }

    public String nodeId() {
        return Hex.encode(id);
    }

    public Reply ping(InetSocketAddress to) {
        return request(to, "ping", new LinkedHashMap<>());
    }

    /** {@code find} for {@code target}; {@code want} are address families (2, 10), none = the request's family. */
    public Reply find(InetSocketAddress to, byte[] target, int... want) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("target", target);
        if (want.length > 0) {
            a.put("w", Arrays.stream(want).boxed().toList());
        }
        return requireToken(request(to, "find", a));
    }

    /** {@code get} of every value at {@code key} (no query). */
    public Reply get(InetSocketAddress to, byte[] key) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("h", key);
        return requireToken(request(to, "get", a));
    }

    /**
     * Sends {@code {a:{id,...args}, q, t, y:"q", v:"RNG1"[, n]}} up to 3 times, 1 s apart, and returns the first reply
     * or error carrying the same {@code t}; other datagrams are ignored.
     *
     * @throws NoReplyError when nothing matching arrives in time
     */
    public synchronized Reply request(InetSocketAddress to, String query, Map<String, Object> args) {
        int tid = nextTid++;
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", id);
        a.putAll(args);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("a", a);
        msg.put("q", query);
        msg.put("t", tid);
        msg.put("y", "q");
        msg.put("v", "RNG1");
        if (networkId != 0) {
            msg.put("n", networkId);
        }
        byte[] out = Msgpack.encode(msg);
        byte[] buf = new byte[65536];
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                socket.send(new DatagramPacket(out, out.length, to));
                long deadline = System.nanoTime() + ATTEMPT_MILLIS * 1_000_000L;
                long left;
                while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
                    socket.setSoTimeout((int) Math.max(1, left));
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(in);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    byte[] data = Arrays.copyOf(in.getData(), in.getLength());
                    Reply r = Reply.parseIfAnswer(data, (InetSocketAddress) in.getSocketAddress(), tid);
                    if (r != null) {
                        return r;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("raw " + query + " to " + to, e);
        }
        throw new NoReplyError("no reply to " + query + " from " + to + " after " + ATTEMPTS + " sends ("
                + ATTEMPTS * ATTEMPT_MILLIS + " ms); request " + Hex.encode(out));
    }

    private static Reply requireToken(Reply r) {
        if (!r.isError()) {
            Object token = r.r().get("token");
            if (!(token instanceof byte[] t) || t.length == 0 || t.length > 64) {
                throw r.violation("find/get reply without a 1..64-byte bin token (OpenDHT blacklists such a node)");
            }
        }
        return r;
    }

    @Override
    public void close() {
        socket.close();
    }

    /** No reply within the retransmission window. An AssertionError so that Awaitility keeps polling. */
    public static final class NoReplyError extends AssertionError {
        NoReplyError(String message) {
            super(message);
        }
    }

    /** A node record of {@code n4}/{@code n6}. */
    public record NodeRecord(String id, InetSocketAddress address) {
        @Override
        public String toString() {
            return id + "@" + address.getAddress().getHostAddress() + ":" + address.getPort();
        }
    }

    /** A reply ({@code y:"r"}) or error ({@code y:"e"}) to one of our requests, validated on construction. */
    public record Reply(Map<String, Object> message, byte[] datagram, InetSocketAddress from) {

        /** The reply to transaction {@code tid}, or null when the datagram is something else (e.g. a request). */
        static Reply parseIfAnswer(byte[] data, InetSocketAddress from, long tid) {
            Object decoded;
            try {
                decoded = Msgpack.decode(data);
            } catch (IllegalArgumentException e) {
                throw new AssertionError("undecodable datagram from " + from + ": " + e.getMessage() + "; hex "
                        + Hex.encode(data));
            }
            if (!(decoded instanceof Map<?, ?> raw)) {
                throw new AssertionError("datagram from " + from + " is not a map: " + Hex.encode(data));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) raw;
            if (!m.containsKey("r") && !m.containsKey("e")) {
                return null; // a request (ping/find/... from the node) or a value part
            }
            Reply reply = new Reply(m, data, from);
            if (!(m.get("t") instanceof Long t)) {
                throw reply.violation("'t' of an answer must be a msgpack integer");
            }
            if (t.longValue() != tid) {
                return null; // an answer to an older transaction
            }
            reply.validate();
            return reply;
        }

        private void validate() {
            boolean error = message.containsKey("e");
            if (!(message.get("r") instanceof Map)) {
                throw violation("'r' missing or not a map");
            }
            if (!(r().get("id") instanceof byte[] rid) || rid.length != 20) {
                throw violation("r.id must be a 20-byte bin");
            }
            if (!(error ? "e" : "r").equals(message.get("y"))) {
                throw violation("'y' must be \"" + (error ? "e" : "r") + "\"");
            }
            if (error) {
                if (!(message.get("e") instanceof List<?> e) || e.size() != 2 || !(e.get(0) instanceof Long)
                        || !(e.get(1) instanceof String)) {
                    throw violation("'e' must be [code, message]");
                }
                return;
            }
            if (!(r().get("sa") instanceof byte[] sa) || (sa.length != 4 && sa.length != 16)) {
                throw violation("r.sa must be a 4- or 16-byte bin");
            }
            n4();
            n6();
        }

        AssertionError violation(String what) {
            return new AssertionError("protocol violation from " + from + ": " + what + "; decoded "
                    + Msgpack.describe(message) + "; hex " + Hex.encode(datagram));
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> r() {
            return (Map<String, Object>) message.get("r");
        }

        public boolean isError() {
            return message.containsKey("e");
        }

        public long errorCode() {
            return isError() ? (Long) ((List<?>) message.get("e")).get(0) : 0;
        }

        public String errorMessage() {
            return isError() ? (String) ((List<?>) message.get("e")).get(1) : null;
        }

        /** The responder's node id, hex. */
        public String id() {
            return Hex.encode((byte[]) r().get("id"));
        }

        /** Our address as the responder saw it. */
        public InetAddress sa() {
            try {
                return InetAddress.getByAddress((byte[]) r().get("sa"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public byte[] token() {
            return (byte[]) r().get("token");
        }

        public List<NodeRecord> n4() {
            return nodes("n4", 4);
        }

        public List<NodeRecord> n6() {
            return nodes("n6", 16);
        }

        private List<NodeRecord> nodes(String key, int addrLen) {
            Object o = r().get(key);
            List<NodeRecord> out = new ArrayList<>();
            if (o == null) {
                return out;
            }
            int recLen = 20 + addrLen + 2;
            if (!(o instanceof byte[] b) || b.length % recLen != 0) {
                throw violation(key + " must be a bin of whole " + recLen + "-byte records");
            }
            for (int off = 0; off < b.length; off += recLen) {
                try {
                    InetAddress ip = InetAddress.getByAddress(Arrays.copyOfRange(b, off + 20, off + 20 + addrLen));
                    int port = ((b[off + recLen - 2] & 0xff) << 8) | (b[off + recLen - 1] & 0xff);
                    out.add(new NodeRecord(Hex.encode(Arrays.copyOfRange(b, off, off + 20)),
                            new InetSocketAddress(ip, port)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        }

        /**
         * The {@code data} of every plain value in {@code r.values} ({@code {id, dat:{body:{type, data}}}}). Fragmented
         * values (sizes instead of maps) are not supported by this client: keep test values small.
         */
        public List<byte[]> valueData() {
            List<byte[]> out = new ArrayList<>();
            Object values = r().get("values");
            if (values == null) {
                return out;
            }
            if (!(values instanceof List<?> list)) {
                throw violation("r.values must be an array");
            }
            for (Object v : list) {
                if (v instanceof Map<?, ?> value && value.get("dat") instanceof Map<?, ?> dat
                        && dat.get("body") instanceof Map<?, ?> body && body.get("data") instanceof byte[] d) {
                    out.add(d);
                } else {
                    throw violation("value not understood by the raw client (fragmented or malformed): "
                            + Msgpack.describe(v));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return Msgpack.describe(message);
        }
    }
}
