package net.landht.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

/**
 * Makes hostile datagrams from valid ones: bit flips, truncations, inserted and deleted bytes, msgpack type bytes
 * and huge length headers written over the data, and structural changes of the decoded msgpack tree (every value
 * replaced by one of the wrong type, wrong-length ids/tokens/node lists, extreme integers, oversized bins, deep
 * nesting, non-map bodies, empty and odd {@code e} arrays, removed and duplicated keys, value parts with bad
 * indexes and offsets, spliced datagrams). Deterministic for a given {@link Random}. Used by the codec properties,
 * the in-process node fuzz test and {@code FuzzIT}.
 */
public final class Mutator {
    /** Largest datagram made (UDP over IPv4 carries at most 65,507 bytes). */
    public static final int MAX_DATAGRAM = 60_000;

    private final List<byte[]> seeds;
    private final Random random;
    private byte[] token;

    public Mutator(List<byte[]> seeds, Random random) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.seeds = List.copyOf(seeds);
        this.random = random;
    }

    /**
     * A write token valid for the sender: structural mutations then often put it in place of the captured token, so
     * that put, listen and refresh reach storage instead of stopping at the token check.
     */
    public void useToken(byte[] token) {
        this.token = token.clone();
    }

    /** Every captured datagram in {@code src/test/resources/vectors/*.json}, DHT or not. */
    public static List<byte[]> vectorSeeds() {
        List<byte[]> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String f : List.of("errors.json", "find.json", "get.json", "listen.json", "network_id.json",
                "peer_discovery.json", "ping.json", "put.json", "put_signed.json", "refresh.json", "user_agent.json",
                "value_parts.json")) {
            try (InputStream in = Mutator.class.getResourceAsStream("/vectors/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource vectors/" + f);
                }
                for (JsonNode e : json.readTree(in).path("entries")) {
                    String hex = e.path("hex").asText("");
                    if (!hex.isEmpty()) {
                        out.add(HexFormat.of().parseHex(hex));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** One mutated datagram from a random seed. */
    public byte[] next() {
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        byte[] out = mutate(seed);
        if (random.nextInt(8) == 0) {
            out = mutate(out); // now and then, two mutations on top of each other
        }
        return out.length > MAX_DATAGRAM ? Arrays.copyOf(out, MAX_DATAGRAM) : out;
    }

    /** One random mutation of {@code seed}. */
    public byte[] mutate(byte[] seed) {
        return switch (random.nextInt(12)) {
            case 0 -> flipBits(seed);
            case 1 -> truncate(seed);
            case 2 -> overwriteWithTypeBytes(seed);
            case 3 -> insertOrDelete(seed);
            case 4 -> splice(seed, seeds.get(random.nextInt(seeds.size())));
            case 5 -> randomBytes();
            default -> structural(seed);
        };
    }

    // ---- byte-level ----------------------------------------------------------------------------------------------

    byte[] flipBits(byte[] seed) {
        if (seed.length == 0) {
            return seed;
        }
        byte[] b = seed.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(b.length * 8);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return b;
    }

    byte[] truncate(byte[] seed) {
        return Arrays.copyOf(seed, seed.length == 0 ? 0 : random.nextInt(seed.length));
    }

    private static final int[] TYPE_BYTES = {0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xca, 0xcb, 0xcc, 0xcf,
        0xd0, 0xd3, 0xd4, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xff, 0x00,
        0x7f, 0xe0};

    byte[] overwriteWithTypeBytes(byte[] seed) {
        if (seed.length == 0) {
            return new byte[] {(byte) TYPE_BYTES[random.nextInt(TYPE_BYTES.length)]};
        }
        byte[] b = seed.clone();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(b.length);
            b[at] = (byte) TYPE_BYTES[random.nextInt(TYPE_BYTES.length)];
            // a huge length after a 32-bit length header
            if (random.nextBoolean() && at + 4 < b.length) {
                b[at] = (byte) (new int[] {0xc6, 0xdb, 0xdd, 0xdf}[random.nextInt(4)]);
                b[at + 1] = (byte) (random.nextBoolean() ? 0x7f : 0xff);
                b[at + 2] = (byte) 0xff;
                b[at + 3] = (byte) 0xff;
                b[at + 4] = (byte) 0xff;
            }
        }
        return b;
    }

    byte[] insertOrDelete(byte[] seed) {
        int at = seed.length == 0 ? 0 : random.nextInt(seed.length + 1);
        if (random.nextBoolean() && seed.length > 0) {
            int len = Math.min(seed.length - Math.min(at, seed.length - 1), 1 + random.nextInt(16));
            int from = Math.min(at, seed.length - 1);
            byte[] b = new byte[seed.length - len];
            System.arraycopy(seed, 0, b, 0, from);
            System.arraycopy(seed, from + len, b, from, seed.length - from - len);
            return b;
        }
        byte[] ins = new byte[1 + random.nextInt(16)];
        random.nextBytes(ins);
        byte[] b = new byte[seed.length + ins.length];
        System.arraycopy(seed, 0, b, 0, at);
        System.arraycopy(ins, 0, b, at, ins.length);
        System.arraycopy(seed, at, b, at + ins.length, seed.length - at);
        return b;
    }

    byte[] splice(byte[] a, byte[] b) {
        int cutA = a.length == 0 ? 0 : random.nextInt(a.length + 1);
        int cutB = b.length == 0 ? 0 : random.nextInt(b.length + 1);
        byte[] out = new byte[cutA + b.length - cutB];
        System.arraycopy(a, 0, out, 0, cutA);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(random.nextBoolean() ? 64 : 2048)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = (byte) (0x80 | random.nextInt(16)); // looks like a small map
        }
        return b;
    }

    // ---- structural ----------------------------------------------------------------------------------------------

    /** A mutable msgpack tree: a leaf value, raw bytes written as they are, an array, or a map of pairs. */
    static final class Node {
        Value leaf;
        byte[] raw;
        List<Node> array;
        List<Node[]> map;

        static Node of(Value v) {
            Node n = new Node();
            if (v instanceof MapValue m) {
                n.map = new ArrayList<>();
                m.map().forEach((k, val) -> n.map.add(new Node[] {of(k), of(val)}));
            } else if (v instanceof ArrayValue a) {
                n.array = new ArrayList<>();
                a.forEach(e -> n.array.add(of(e)));
            } else {
                n.leaf = v;
            }
            return n;
        }

        static Node raw(byte[] bytes) {
            Node n = new Node();
            n.raw = bytes;
            return n;
        }

        void set(Node other) {
            leaf = other.leaf;
            raw = other.raw;
            array = other.array;
            map = other.map;
        }

        String keyString() {
            return leaf != null && leaf.isStringValue()
                    ? new String(leaf.asStringValue().asByteArray(), StandardCharsets.UTF_8) : null;
        }

        void pack(MessageBufferPacker p) throws IOException {
            if (raw != null) {
                p.writePayload(raw);
            } else if (array != null) {
                p.packArrayHeader(array.size());
                for (Node n : array) {
                    n.pack(p);
                }
            } else if (map != null) {
                p.packMapHeader(map.size());
                for (Node[] kv : map) {
                    kv[0].pack(p);
                    kv[1].pack(p);
                }
            } else {
                p.packValue(leaf);
            }
        }

        byte[] bytes() {
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                pack(p);
                return p.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Parses {@code seed} as one msgpack object, or null when it is not one (or nests deeper than 64, or declares a
     * length beyond its bytes: msgpack-core's own {@code unpackValue} would allocate whatever a header claims).
     */
    static Node parse(byte[] seed) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(seed)) {
            Node n = read(u, seed.length, 0);
            return n == null || u.hasNext() ? null : n;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Node read(MessageUnpacker u, int total, int depth) throws IOException {
        if (depth > 64 || !u.hasNext()) {
            return null;
        }
        long left = total - u.getTotalReadBytes();
        org.msgpack.core.MessageFormat f = u.getNextFormat();
        switch (f.getValueType()) {
            case MAP -> {
                int n = u.unpackMapHeader();
                if (n < 0 || n > left) {
                    return null;
                }
                Node m = new Node();
                m.map = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Node k = read(u, total, depth + 1);
                    Node v = k == null ? null : read(u, total, depth + 1);
                    if (v == null) {
                        return null;
                    }
                    m.map.add(new Node[] {k, v});
                }
                return m;
            }
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                if (n < 0 || n > left) {
                    return null;
                }
                Node a = new Node();
                a.array = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Node e = read(u, total, depth + 1);
                    if (e == null) {
                        return null;
                    }
                    a.array.add(e);
                }
                return a;
            }
            case STRING, BINARY, EXTENSION -> {
                org.msgpack.value.ValueType t = f.getValueType();
                long len = t == org.msgpack.value.ValueType.STRING ? u.unpackRawStringHeader()
                        : t == org.msgpack.value.ValueType.BINARY ? u.unpackBinaryHeader()
                        : u.unpackExtensionTypeHeader().getLength();
                if (len < 0 || len > total - u.getTotalReadBytes()) {
                    return null;
                }
                byte[] payload = u.readPayload((int) len);
                Node leaf = new Node(); // an extension is kept as a bin of its payload
                leaf.leaf = t == org.msgpack.value.ValueType.STRING ? org.msgpack.value.ValueFactory.newString(payload)
                        : org.msgpack.value.ValueFactory.newBinary(payload);
                return leaf;
            }
            default -> {
                Node leaf = new Node();
                leaf.leaf = u.unpackValue();
                return leaf;
            }
        }
    }

    /** Every node of the tree with, for map values, the key they sit under (null for the root and array items). */
    static void collect(Node n, String key, List<Node> nodes, List<String> keys) {
        nodes.add(n);
        keys.add(key);
        if (n.array != null) {
            for (Node c : n.array) {
                collect(c, null, nodes, keys);
            }
        } else if (n.map != null) {
            for (Node[] kv : n.map) {
                collect(kv[1], kv[0].keyString(), nodes, keys);
            }
        }
    }

    byte[] structural(byte[] seed) {
        Node root = parse(seed);
        if (root == null) {
            return flipBits(seed);
        }
        if (token != null && random.nextBoolean()) {
            replaceTokens(root);
        }
        List<Node> nodes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        collect(root, null, nodes, keys);
        int i = random.nextInt(nodes.size());
        Node target = nodes.get(i);
        String key = keys.get(i);
        switch (random.nextInt(9)) {
            case 0 -> target.set(nasty());
            case 1 -> target.set(wrongLength(key));
            case 2 -> target.set(extremeInt());
            case 3 -> target.set(deep());
            case 4 -> removeOrDuplicateKey(nodes);
            case 5 -> root.set(nonMapBody(root));
            case 6 -> setTopLevel(root, "e", oddErrorArray());
            case 7 -> {
                return parts(root);
            }
            default -> {
                if (target.map != null || target.array != null) {
                    target.set(nasty());
                } else {
                    target.set(wrongLength(key));
                }
            }
        }
        return root.bytes();
    }

    private void replaceTokens(Node n) {
        if (n.map != null) {
            for (Node[] kv : n.map) {
                if ("token".equals(kv[0].keyString())) {
                    kv[1].set(Node.of(org.msgpack.value.ValueFactory.newBinary(token)));
                } else {
                    replaceTokens(kv[1]);
                }
            }
        } else if (n.array != null) {
            n.array.forEach(this::replaceTokens);
        }
    }

    private void removeOrDuplicateKey(List<Node> nodes) {
        List<Node> maps = nodes.stream().filter(n -> n.map != null && !n.map.isEmpty()).toList();
        if (maps.isEmpty()) {
            return;
        }
        Node m = maps.get(random.nextInt(maps.size()));
        int k = random.nextInt(m.map.size());
        if (random.nextBoolean()) {
            m.map.remove(k);
        } else {
            Node[] kv = m.map.get(k);
            m.map.add(random.nextInt(m.map.size() + 1), new Node[] {kv[0], nasty()});
        }
    }

    private void setTopLevel(Node root, String key, Node value) {
        if (root.map == null) {
            return;
        }
        for (Node[] kv : root.map) {
            if (key.equals(kv[0].keyString())) {
                kv[1].set(value);
                return;
            }
        }
        root.map.add(0, new Node[] {Node.of(str(key)), value});
    }

    private Node nonMapBody(Node root) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                Node a = new Node();
                a.array = new ArrayList<>(List.of(copy(root)));
                yield a;
            }
            case 1 -> Node.of(str("q"));
            case 2 -> Node.raw(root.bytes().length > 0 ? new byte[] {(byte) 0xc0} : new byte[0]);
            case 3 -> {
                Node a = new Node();
                a.array = new ArrayList<>();
                if (root.map != null) {
                    for (Node[] kv : root.map) {
                        a.array.add(kv[0]);
                        a.array.add(kv[1]);
                    }
                }
                yield a;
            }
            default -> Node.of(org.msgpack.value.ValueFactory.newInteger(random.nextLong()));
        };
    }

    private static Node copy(Node n) {
        return Node.raw(n.bytes());
    }

    private Node oddErrorArray() {
        Node a = new Node();
        a.array = new ArrayList<>();
        switch (random.nextInt(6)) {
            case 0 -> { }
            case 1 -> a.array.add(Node.of(org.msgpack.value.ValueFactory.newInteger(401)));
            case 2 -> a.array.add(Node.of(str("Put with wrong token")));
            case 3 -> {
                a.array.add(Node.of(str("x")));
                a.array.add(Node.of(org.msgpack.value.ValueFactory.newInteger(401)));
            }
            case 4 -> {
                for (int i = 0; i < 5; i++) {
                    a.array.add(nasty());
                }
            }
            default -> {
                a.array.add(extremeInt());
                a.array.add(nasty());
            }
        }
        return random.nextInt(5) == 0 ? nasty() : a;
    }

    /** A value part datagram for a tid of the seed, with a random index and offset. */
    private byte[] parts(Node root) {
        long tid = 1;
        if (root.map != null) {
            for (Node[] kv : root.map) {
                if ("t".equals(kv[0].keyString()) && kv[1].leaf != null && kv[1].leaf.isIntegerValue()) {
                    tid = kv[1].leaf.asIntegerValue().toLong();
                }
            }
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(3);
            p.packString("y");
            p.packString("p");
            p.packString("t");
            p.packLong(tid);
            p.packString("p");
            int n = 1 + random.nextInt(3);
            p.packMapHeader(n);
            for (int i = 0; i < n; i++) {
                p.packLong(new long[] {0, 1, 2, -1, 1023, 1024, 1L << 32}[random.nextInt(7)]);
                p.packMapHeader(2);
                p.packString("o");
                p.packLong(new long[] {0, 1, 1280, 1279, 2560, -1, 65_568, 65_569, Integer.MAX_VALUE,
                    random.nextInt(70_000)}[random.nextInt(10)]);
                p.packString("d");
                byte[] d = new byte[new int[] {0, 1, 1280, 1281, 3000}[random.nextInt(5)]];
                random.nextBytes(d);
                p.packBinaryHeader(d.length);
                p.writePayload(d);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wrong-length values for the keys that must have a fixed length, else a random wrong type. */
    Node wrongLength(String key) {
        if (key == null) {
            return nasty();
        }
        int[] lengths = switch (key) {
            case "id", "h", "target" -> new int[] {0, 1, 19, 21, 32, 40};
            case "token" -> new int[] {0, 1, 31, 33, 64, 65, 1000};
            case "n4" -> new int[] {1, 25, 27, 51, 26 * 3 + 1, 38};
            case "n6" -> new int[] {1, 37, 39, 26, 38 * 2 + 5};
            case "sa" -> new int[] {0, 3, 5, 15, 17, 6};
            case "t", "sid" -> new int[] {0, 3, 5, 8};
            default -> null;
        };
        if (lengths == null) {
            return nasty();
        }
        byte[] b = new byte[lengths[random.nextInt(lengths.length)]];
        random.nextBytes(b);
        return switch (random.nextInt(3)) {
            case 0 -> Node.of(org.msgpack.value.ValueFactory.newString(b));
            case 1 -> {
                Node a = new Node();
                a.array = new ArrayList<>();
                for (byte x : b) {
                    a.array.add(Node.of(org.msgpack.value.ValueFactory.newInteger(x & 0xFF)));
                }
                yield a;
            }
            default -> Node.of(org.msgpack.value.ValueFactory.newBinary(b));
        };
    }

    Node extremeInt() {
        long[] longs = {-1, 0, 1, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL, 0x1_0000_0000L, Integer.MIN_VALUE,
            65_535, 65_536, 65_568, 65_569, -65_536, 2, 10, 23, 30};
        if (random.nextInt(5) == 0) {
            return Node.of(org.msgpack.value.ValueFactory.newInteger(
                    new BigInteger("18446744073709551615").subtract(BigInteger.valueOf(random.nextInt(3)))));
        }
        return Node.of(org.msgpack.value.ValueFactory.newInteger(longs[random.nextInt(longs.length)]));
    }

    /** 100 to 5,000 levels of nested arrays or maps, written directly (no recursion anywhere). */
    Node deep() {
        int depth = 100 + random.nextInt(4900);
        boolean maps = random.nextBoolean();
        byte[] b = new byte[maps ? depth * 3 + 1 : depth + 1];
        int at = 0;
        for (int i = 0; i < depth; i++) {
            if (maps) {
                b[at++] = (byte) 0x81; // {"a": ...}
                b[at++] = (byte) 0xa1;
                b[at++] = 'a';
            } else {
                b[at++] = (byte) 0x91; // [ ... ]
            }
        }
        b[at] = (byte) 0xc0;
        return Node.raw(b);
    }

    /** A value of any msgpack type, often of a length or size a decoder must not trust. */
    Node nasty() {
        return nasty(random.nextInt(NASTY_KINDS));
    }

    private static final int NASTY_KINDS = 22;

    /** A wrong value of kind {@code kind} (0 .. {@value #NASTY_KINDS} - 1). */
    Node nasty(int kind) {
        return switch (kind) {
            case 0 -> Node.of(org.msgpack.value.ValueFactory.newNil());
            case 1 -> Node.of(org.msgpack.value.ValueFactory.newBoolean(random.nextBoolean()));
            case 2, 3 -> extremeInt();
            case 4 -> Node.of(org.msgpack.value.ValueFactory.newFloat(random.nextBoolean() ? Double.NaN : 1.5));
            case 5 -> Node.of(str(""));
            case 6 -> Node.of(str(new String[] {"q", "r", "e", "p", "ping", "find", "get", "put", "listen",
                "refresh", "update", "foo", "RNG1", "o2"}[random.nextInt(14)]));
            case 7 -> Node.of(org.msgpack.value.ValueFactory.newString(randomBytes(random.nextInt(2000))));
            case 8 -> Node.of(org.msgpack.value.ValueFactory.newBinary(randomBytes(
                    new int[] {0, 4, 16, 19, 20, 21, 26, 32, 38, 64, 65}[random.nextInt(11)])));
            case 9 -> Node.of(org.msgpack.value.ValueFactory.newBinary(randomBytes(20_000 + random.nextInt(40_000))));
            case 10 -> {
                Node a = new Node();
                a.array = new ArrayList<>();
                yield a;
            }
            case 11 -> {
                Node a = new Node();
                a.array = new ArrayList<>();
                int n = random.nextInt(400);
                for (int i = 0; i < n; i++) {
                    a.array.add(Node.of(org.msgpack.value.ValueFactory.newInteger(random.nextInt(300) - 20)));
                }
                yield a;
            }
            case 12 -> {
                Node m = new Node();
                m.map = new ArrayList<>();
                yield m;
            }
            case 13 -> {
                Node m = new Node();
                m.map = new ArrayList<>();
                for (String k : new String[] {"id", "s", "w", "f", "v", "o", "d"}) {
                    if (random.nextBoolean()) {
                        m.map.add(new Node[] {Node.of(str(k)), random.nextBoolean() ? extremeInt()
                            : Node.of(org.msgpack.value.ValueFactory.newBinary(randomBytes(20)))});
                    }
                }
                yield m;
            }
            case 14 -> {
                Node m = new Node();
                m.map = new ArrayList<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    m.map.add(new Node[] {extremeInt(), Node.of(str("x"))});
                }
                yield m;
            }
            case 15 -> Node.of(org.msgpack.value.ValueFactory.newExtension((byte) random.nextInt(128),
                    randomBytes(random.nextInt(20))));
            case 16 -> deep();
            case 17 -> Node.raw(new byte[] {(byte) 0xc1});
            case 18 -> Node.raw(new byte[] {(byte) new int[] {0xc6, 0xdb, 0xdd, 0xdf}[random.nextInt(4)],
                (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            case 19 -> queryLike();
            case 20 -> Node.raw(new byte[] {(byte) 0xdc, (byte) 0xff, (byte) 0xff}); // array16 of 65,535, truncated
            default -> wrongLength(new String[] {"id", "token", "n4", "n6", "sa", "t"}[random.nextInt(6)]);
        };
    }

    /** A get/listen query {@code q} with odd selections and conditions. */
    private Node queryLike() {
        Node q = new Node();
        q.map = new ArrayList<>();
        if (random.nextInt(4) > 0) {
            Node s = new Node();
            s.array = new ArrayList<>();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                s.array.add(random.nextBoolean() ? extremeInt()
                        : Node.of(org.msgpack.value.ValueFactory.newInteger(random.nextInt(8))));
            }
            q.map.add(new Node[] {Node.of(str("s")), random.nextInt(6) == 0 ? nasty() : s});
        }
        if (random.nextInt(4) > 0) {
            Node w = new Node();
            w.array = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                Node c = new Node();
                c.map = new ArrayList<>();
                c.map.add(new Node[] {Node.of(str("f")), Node.of(org.msgpack.value.ValueFactory.newInteger(
                        random.nextInt(8)))});
                c.map.add(new Node[] {Node.of(str("v")), random.nextBoolean() ? extremeInt()
                    : Node.of(org.msgpack.value.ValueFactory.newBinary(randomBytes(random.nextInt(40))))});
                w.array.add(random.nextInt(5) == 0 ? nasty() : c);
            }
            q.map.add(new Node[] {Node.of(str("w")), w});
        }
        return q;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Value str(String s) {
        return org.msgpack.value.ValueFactory.newString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every top-level and argument key of {@code seed} with every kind of wrong value in turn (for exhaustive,
     * deterministic tests): each result is {@code seed} with exactly one value replaced.
     */
    public static List<byte[]> everyKeyWithEveryWrongType(byte[] seed) {
        Node root = parse(seed);
        List<byte[]> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        List<Node> nodes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        collect(root, null, nodes, keys);
        Mutator m = new Mutator(List.of(seed), new Random(1));
        List<Node> kinds = new ArrayList<>();
        for (int i = 0; i < NASTY_KINDS; i++) {
            kinds.add(m.nasty(i));
        }
        for (int i = 1; i < nodes.size(); i++) {
            Node target = nodes.get(i);
            Node saved = new Node();
            saved.set(target);
            for (Node kind : kinds) {
                target.set(kind);
                out.add(root.bytes());
            }
            target.set(m.wrongLength(keys.get(i)));
            out.add(root.bytes());
            target.set(saved);
        }
        return out;
    }
}
