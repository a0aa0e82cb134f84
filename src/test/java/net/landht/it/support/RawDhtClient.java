package net.landht.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny OpenDHT client that speaks the wire protocol with msgpack-core directly (not landht's codec), so that the
 * interop tests check landht from the outside. It sends ping/find/get/put/refresh/listen requests with a random 20-byte
 * id, an integer transaction id and {@code v:"RNG1"}, retransmits like OpenDHT (3 sends), and checks what every
 * OpenDHT peer relies on in the reply (fact sheet §3–§5, §19): {@code r.id} a 20-byte bin, {@code sa} a 4/16-byte
 * bin, {@code n4}/{@code n6} whole 26/38-byte records, a token in find/get replies. A violation is an {@link
 * AssertionError} that quotes the datagram. Values travel inline or in {@code p} parts both ways (§13). By default it
 * answers the pings that reach it while it waits for an answer the way an OpenDHT node in client mode does (with
 * {@code s:true}, fact sheet §14): the node under test thereby verifies its address (landht sends values only to
 * sources that answered it, {@code limits.verify-sources-before-values}) but never counts it as a routing-table node;
 * {@link #answeringPings()} answers as a full node instead, {@link #silent()} answers nothing (a spoofed source).
 * Loopback only: it binds 127.0.0.1, another 127.x address, or ::1.
 */
public final class RawDhtClient implements AutoCloseable {

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ATTEMPTS = 3;
    private static final int ATTEMPT_MILLIS = 1000;

    /** OpenDHT sends values inline only below this many packed bytes in total (fact sheet §13). */
    public static final int INLINE_LIMIT = 600;
    /** Data bytes per value part. OpenDHT: include/opendht/network_engine.h, MTU. */
    public static final int PART_BYTES = 1280;
    private static final int PARTS_WAIT_MILLIS = 3000;

    private final DatagramSocket socket;
    private final byte[] id = new byte[20];
    private final long networkId;
    private int nextTid = 1 + RANDOM.nextInt(1 << 30);
    private volatile boolean clientFlag;
    private volatile boolean answerPings;
    private volatile boolean silent;
    private final AtomicInteger pingsAnswered = new AtomicInteger();
    private final List<Update> updates = new CopyOnWriteArrayList<>();

    /** A client bound to the loopback address of {@code target}'s family. */
    public static RawDhtClient forTarget(InetSocketAddress target) {
        return new RawDhtClient(target.getAddress() instanceof Inet6Address, 0);
    }

    public RawDhtClient(boolean ipv6, long networkId) {
        this(loopback(ipv6), networkId);
    }

    /** A client bound to {@code address} (a loopback address: 127.x.y.z or ::1), any port. */
    public RawDhtClient(InetAddress address, long networkId) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("the raw client binds loopback addresses only, not " + address);
        }
        RANDOM.nextBytes(id);
        this.networkId = networkId;
        try {
            socket = new DatagramSocket(new InetSocketAddress(address, 0));
            socket.setReceiveBufferSize(1 << 22);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the raw client socket", e);
        }
    }

    private static InetAddress loopback(boolean ipv6) {
        try {
            return InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * From now on, pings (and finds) that reach this client while it waits for an answer are answered, so the node
     * under test can verify it and hold it as good (a verified requester is not held to the value-reply byte budget
     * of unknown sources). Off by default.
     */
    public RawDhtClient answeringPings() {
        this.answerPings = true;
        return this;
    }

    /**
     * From now on nothing sent to this client is answered, not even pings: the node under test sees a source that
     * never answers, like a spoofed address.
     */
    public RawDhtClient silent() {
        this.silent = true;
        this.answerPings = false;
        return this;
    }

    /** Pings answered so far (as a full node or in client mode). */
    public int pingsAnswered() {
        return pingsAnswered.get();
    }

    /** The address this client sends from. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /**
     * From now on requests carry the client flag {@code s:true} (fact sheet §14): the node serves them as usual but
     * never puts this client in its routing table. Use it when polling a node: many short-lived clients would
     * otherwise fill its buckets with entries that never answer, and keep real peers out (as OpenDHT's would).
     */
    public RawDhtClient asClient() {
        clientFlag = true;
        return this;
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
     * {@code put} of one packed value at {@code key} with {@code token} (from a get or find reply of the same node):
     * inline when it packs to fewer than {@value #INLINE_LIMIT} bytes, else its size in {@code values} and the bytes
     * in {@code p} parts of {@value #PART_BYTES} right after the header, in order (what OpenDHT 2.4 accepts).
     */
    public Reply put(InetSocketAddress to, byte[] key, byte[] token, byte[] packedValue) {
        return request(to, "put", putArgs(key, token, packedValue), fragmented(packedValue));
    }

    /**
     * {@code listen} (version 1) to {@code key} with socket id {@code sid}; the node's {@code update} pushes are kept
     * in {@link #updates()} (answered when {@link #answeringPings()} is on) as they arrive while this client waits
     * for something: keep it reading with {@link #pumpInBackground()}.
     */
    public Reply listen(InetSocketAddress to, byte[] key, byte[] token, int sid) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("ve", 1);
        a.put("h", key);
        a.put("token", token);
        a.put("sid", sid);
        return request(to, "listen", a);
    }

    /** The {@code update} requests received so far, oldest first. */
    public List<Update> updates() {
        return List.copyOf(updates);
    }

    /**
     * Keeps reading (and answering, see {@link #answeringPings()}) in a daemon thread until the returned handle is
     * closed; requests made meanwhile still get their answers.
     */
    public AutoCloseable pumpInBackground() {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            while (running.get() && !socket.isClosed()) {
                try {
                    awaitAnswer(100);
                } catch (RuntimeException e) {
                    if (!socket.isClosed()) {
                        throw e;
                    }
                }
            }
        }, "raw-client-pump");
        t.setDaemon(true);
        t.start();
        return () -> {
            running.set(false);
            t.join(2000);
        };
    }

    /**
     * An {@code update} pushed to us by a node we listen to: its arguments, its transaction id (a retransmission
     * repeats it) and when it was read.
     */
    public record Update(Map<String, Object> args, long tid, long receivedNanos) {
        /** Value ids of {@code values} (inline values only). */
        public List<Long> valueIds() {
            List<Long> out = new ArrayList<>();
            if (args.get("values") instanceof List<?> l) {
                for (Object v : l) {
                    if (v instanceof Map<?, ?> m && m.get("id") instanceof Long id) {
                        out.add(id);
                    }
                }
            }
            return out;
        }

        /** Ids in {@code re}. */
        public List<Long> refreshed() {
            return ids("re");
        }

        /** Ids in {@code exp}. */
        public List<Long> expired() {
            return ids("exp");
        }

        private List<Long> ids(String key) {
            List<Long> out = new ArrayList<>();
            if (args.get(key) instanceof List<?> l) {
                l.forEach(o -> out.add(((Number) o).longValue()));
            }
            return out;
        }
    }

    /** {@code refresh} ({@code re}) of value {@code valueId} at {@code key}. */
    public Reply refresh(InetSocketAddress to, byte[] key, byte[] token, long valueId) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("h", key);
        a.put("vid", valueId);
        a.put("token", token);
        return request(to, "refresh", a);
    }

    /**
     * Sends a put once without waiting (pipelining: collect the answers with {@link #awaitAnswer}); the value must
     * be small enough to go inline.
     *
     * @return its transaction id
     */
    public synchronized long sendPut(InetSocketAddress to, byte[] key, byte[] token, byte[] packedValue) {
        if (packedValue.length >= INLINE_LIMIT) {
            throw new IllegalArgumentException("sendPut sends inline values only");
        }
        int tid = nextTid++;
        byte[] out = Msgpack.encode(message(tid, "put", putArgs(key, token, packedValue)));
        try {
            socket.send(new DatagramPacket(out, out.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException("raw put to " + to, e);
        }
        return tid;
    }

    /** The next answer to any of our transactions within {@code timeoutMillis}, or null. */
    public synchronized Reply awaitAnswer(long timeoutMillis) {
        byte[] buf = new byte[65536];
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long left;
        try {
            while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                byte[] data = Arrays.copyOf(in.getData(), in.getLength());
                InetSocketAddress from = (InetSocketAddress) in.getSocketAddress();
                if (!answerIfRequest(data, from) && Msgpack.decode(data) instanceof Map<?, ?> m
                        && m.get("t") instanceof Long t && (m.containsKey("r") || m.containsKey("e"))) {
                    return Reply.parseIfAnswer(data, from, t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("raw receive", e);
        }
        return null;
    }

    private static Map<String, Object> putArgs(byte[] key, byte[] token, byte[] packedValue) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("h", key);
        a.put("token", token);
        a.put("values", List.of(packedValue.length < INLINE_LIMIT ? new RawValue(packedValue)
                : (Object) (long) packedValue.length));
        return a;
    }

    private static byte[] fragmented(byte[] packedValue) {
        return packedValue.length < INLINE_LIMIT ? null : packedValue;
    }

    /** Already-packed msgpack bytes, written as they are by {@link Msgpack#encode}. */
    public record RawValue(byte[] packed) {
    }

    /**
     * Sends {@code {a:{id,...args}, q, t, y:"q", v:"RNG1"[, n]}} up to 3 times, 1 s apart, and returns the first reply
     * or error carrying the same {@code t}; other datagrams are ignored. Values a reply sends in {@code p} parts are
     * reassembled (waiting up to 3 s for them after the reply).
     *
     * @throws NoReplyError when nothing matching arrives in time
     */
    public Reply request(InetSocketAddress to, String query, Map<String, Object> args) {
        return request(to, query, args, null);
    }

    /**
     * The map of an OpenDHT request {@code {a:{id,...args}, q, t, y:"q", v:"RNG1"}} (network id 0, not a client),
     * keys in that order; {@code tid} is msgpacked as given.
     */
    static Map<String, Object> query(byte[] id, String query, Map<String, Object> args, Object tid) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", id);
        a.putAll(args);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("a", a);
        msg.put("q", query);
        msg.put("t", tid);
        msg.put("y", "q");
        msg.put("v", "RNG1");
        return msg;
    }

    private Map<String, Object> message(int tid, String query, Map<String, Object> args) {
        Map<String, Object> msg = query(id, query, args, tid);
        if (networkId != 0) {
            msg.put("n", networkId);
        }
        if (clientFlag) {
            msg.put("s", true);
        }
        return msg;
    }

    /** {@code y:"p"} datagrams carrying {@code value} as entry 0, {@value #PART_BYTES} bytes each, in order. */
    private List<byte[]> parts(int tid, byte[] value) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < value.length; off += PART_BYTES) {
            Map<Object, Object> part = new LinkedHashMap<>();
            part.put("o", off);
            part.put("d", Arrays.copyOfRange(value, off, Math.min(value.length, off + PART_BYTES)));
            Map<Object, Object> p = new LinkedHashMap<>();
            p.put(0, part);
            Map<String, Object> msg = new LinkedHashMap<>();
            if (networkId != 0) {
                msg.put("n", networkId);
            }
            msg.put("y", "p");
            msg.put("t", tid);
            msg.put("p", p);
            out.add(Msgpack.encode(msg));
        }
        return out;
    }

    private synchronized Reply request(InetSocketAddress to, String query, Map<String, Object> args,
            byte[] fragmentedValue) {
        int tid = nextTid++;
        byte[] out = Msgpack.encode(message(tid, query, args));
        List<byte[]> datagrams = new ArrayList<>();
        datagrams.add(out);
        if (fragmentedValue != null) {
            datagrams.addAll(parts(tid, fragmentedValue));
        }
        byte[] buf = new byte[65536];
        PartsIn partsIn = new PartsIn();
        Reply header = null;
        try {
            for (int attempt = 0; attempt < ATTEMPTS && header == null; attempt++) {
                for (byte[] d : datagrams) {
                    socket.send(new DatagramPacket(d, d.length, to));
                }
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
                    InetSocketAddress from = (InetSocketAddress) in.getSocketAddress();
                    if (answerIfRequest(data, from) || partsIn.offer(data, tid)) {
                        if (header != null && partsIn.completes(header)) {
                            return header.withAssembledValues(partsIn);
                        }
                        continue;
                    }
                    Reply r = Reply.parseIfAnswer(data, from, tid);
                    if (r == null) {
                        continue;
                    }
                    if (r.isError() || partsIn.completes(r)) {
                        return r.isError() ? r : r.withAssembledValues(partsIn);
                    }
                    header = r; // values come in parts: wait for them without sending again
                    deadline = System.nanoTime() + PARTS_WAIT_MILLIS * 1_000_000L;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("raw " + query + " to " + to, e);
        }
        if (header != null) {
            throw new NoReplyError("reply to " + query + " from " + to + " announced values in parts, but they did not"
                    + " all arrive within " + PARTS_WAIT_MILLIS + " ms: " + header);
        }
        throw new NoReplyError("no reply to " + query + " from " + to + " after " + ATTEMPTS + " sends ("
                + ATTEMPTS * ATTEMPT_MILLIS + " ms); request " + Hex.encode(out));
    }

    /**
     * True when {@code data} is a request to us (a node pinging us back, a listener update); updates are kept; pings,
     * finds (with our address and no nodes) and updates are answered when {@link #answeringPings()} is on.
     */
    private boolean answerIfRequest(byte[] data, InetSocketAddress from) throws IOException {
        Object decoded;
        try {
            decoded = Msgpack.decode(data);
        } catch (IllegalArgumentException e) {
            return false; // parseIfAnswer reports it
        }
        if (!(decoded instanceof Map<?, ?> m) || m.containsKey("r") || m.containsKey("e") || !m.containsKey("q")) {
            return false;
        }
        if ("update".equals(m.get("q")) && m.get("a") instanceof Map<?, ?> a) {
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) a;
            updates.add(new Update(args, m.get("t") instanceof Long t ? t : -1, System.nanoTime()));
        }
        boolean full = answerPings && List.of("ping", "find", "update").contains(m.get("q"));
        if (full || !silent && "ping".equals(m.get("q"))) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            r.put("sa", from.getAddress().getAddress());
            if ("find".equals(m.get("q"))) {
                r.put("token", new byte[] {1, 2, 3, 4});
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("r", r);
            reply.put("t", m.get("t"));
            reply.put("y", "r");
            reply.put("v", "RNG1");
            if (networkId != 0) {
                reply.put("n", networkId);
            }
            if (!full) {
                reply.put("s", true); // client mode: verified by the node, never put in its routing table
            }
            byte[] out = Msgpack.encode(reply);
            socket.send(new DatagramPacket(out, out.length, from));
            if ("ping".equals(m.get("q"))) {
                pingsAnswered.incrementAndGet();
            }
        }
        return true;
    }

    /** Value parts ({@code y:"p"}) received for one transaction, by value index and offset. */
    static final class PartsIn {
        private final Map<Integer, TreeMap<Long, byte[]>> byIndex = new HashMap<>();

        /** True when {@code data} is a value-part datagram (kept when it belongs to {@code tid}). */
        boolean offer(byte[] data, long tid) {
            Object decoded;
            try {
                decoded = Msgpack.decode(data);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (!(decoded instanceof Map<?, ?> m) || !"p".equals(m.get("y")) || !(m.get("p") instanceof Map<?, ?> p)) {
                return false;
            }
            if (!(m.get("t") instanceof Long t) || t != tid) {
                return true;
            }
            for (Map.Entry<?, ?> e : p.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> part && part.get("o") instanceof Long o
                        && part.get("d") instanceof byte[] d) {
                    byIndex.computeIfAbsent(Integer.parseInt((String) e.getKey()), k -> new TreeMap<>())
                            .put(o, d);
                }
            }
            return true;
        }

        /** The bytes of value {@code index} when parts cover {@code [0, size)} without gaps, else null. */
        byte[] assembled(int index, long size) {
            TreeMap<Long, byte[]> parts = byIndex.get(index);
            if (parts == null) {
                return size == 0 ? new byte[0] : null;
            }
            byte[] out = new byte[(int) size];
            long have = 0;
            for (Map.Entry<Long, byte[]> e : parts.entrySet()) {
                if (e.getKey() > have) {
                    return null;
                }
                int from = (int) (have - e.getKey());
                int n = (int) Math.min(e.getValue().length - from, size - have);
                if (n > 0) {
                    System.arraycopy(e.getValue(), from, out, (int) have, n);
                    have += n;
                }
            }
            return have == size ? out : null;
        }

        /** True when every value {@code reply} announces by size has arrived whole. */
        boolean completes(Reply reply) {
            List<?> values = reply.r().get("values") instanceof List<?> l ? l : List.of();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof Long size && assembled(i, size) == null) {
                    return false;
                }
            }
            return true;
        }
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

        /** This reply with each value announced by size replaced by the value reassembled from its parts. */
        Reply withAssembledValues(PartsIn parts) {
            if (!(r().get("values") instanceof List<?> values) || values.stream().noneMatch(v -> v instanceof Long)) {
                return this;
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v instanceof Long size) {
                    byte[] packed = parts.assembled(i, size);
                    try {
                        out.add(Msgpack.decode(packed));
                    } catch (IllegalArgumentException e) {
                        throw violation("value " + i + " reassembled from parts is not msgpack: " + e.getMessage());
                    }
                } else {
                    out.add(v);
                }
            }
            Map<String, Object> r = new LinkedHashMap<>(r());
            r.put("values", out);
            Map<String, Object> m = new LinkedHashMap<>(message);
            m.put("r", r);
            return new Reply(m, datagram, from);
        }

        /** Every value of {@code r.values} as a decoded map (inline or reassembled from parts). */
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> values() {
            List<Map<String, Object>> out = new ArrayList<>();
            Object values = r().get("values");
            if (values == null) {
                return out;
            }
            if (!(values instanceof List<?> list)) {
                throw violation("r.values must be an array");
            }
            for (Object v : list) {
                if (!(v instanceof Map<?, ?> value)) {
                    throw violation("value not understood by the raw client: " + Msgpack.describe(v));
                }
                out.add((Map<String, Object>) value);
            }
            return out;
        }

        /** Each value packed again (the client's msgpack is canonical like OpenDHT's, so the bytes match). */
        public List<byte[]> packedValues() {
            return values().stream().map(Msgpack::encode).toList();
        }

        /** The value ids ({@code id}, as signed longs) of {@link #values()}. */
        public List<Long> valueIds() {
            return values().stream().map(v -> v.get("id") instanceof Long l ? l
                    : ((BigInteger) v.get("id")).longValue()).toList();
        }

        /** The {@code data} of every plain value in {@code r.values} ({@code {id, dat:{body:{type, data}}}}). */
        public List<byte[]> valueData() {
            List<byte[]> out = new ArrayList<>();
            for (Map<String, Object> v : values()) {
                if (v.get("dat") instanceof Map<?, ?> dat
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
