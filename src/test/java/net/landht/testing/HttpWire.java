package net.landht.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tests only: an HTTP/1.1 client on a raw socket, to send exactly the bytes a test wants (captured requests,
 * garbage, a byte at a time) and read answers as they are framed (Content-Length or chunked, one chunk at a time for
 * streams that never end). Reads time out after a few seconds, so a test cannot hang.
 */
public final class HttpWire implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private HttpWire(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code server}. */
    public static HttpWire connect(InetSocketAddress server) {
        return connect(server, null);
    }

    /** Connects to {@code server} from {@code localAddress} (e.g. 127.0.0.2, to be another source), or any. */
    public static HttpWire connect(InetSocketAddress server, InetAddress localAddress) {
        try {
            Socket s = new Socket();
            if (localAddress != null) {
                s.bind(new InetSocketAddress(localAddress, 0));
            }
            s.connect(server, READ_TIMEOUT_MILLIS);
            return new HttpWire(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One answer: status, headers (names in lower case, in order), body (de-chunked), whether it was chunked. */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean chunked) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public HttpWire send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public HttpWire send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a write fails because the server closed the connection (tries a few times, the first may pass). */
    public boolean writeFails(byte[] bytes) {
        try {
            for (int i = 0; i < 20; i++) {
                out.write(bytes);
                out.flush();
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads one whole answer. */
    public Response read() {
        Response head = readHead();
        if (head.chunked()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk;
            while ((chunk = readChunk()).length > 0) {
                body.writeBytes(chunk);
            }
            return new Response(head.status(), head.headers(), body.toByteArray(), true);
        }
        String length = head.header("content-length");
        byte[] body = readN(length == null ? 0 : Integer.parseInt(length));
        return new Response(head.status(), head.headers(), body, false);
    }

    /** Reads the status line and headers only (body empty). */
    public Response readHead() {
        String status = line();
        if (status == null) {
            throw new AssertionError("connection closed before an answer");
        }
        String[] parts = status.split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        int code = Integer.parseInt(parts[1]);
        if (code == 100) {
            return readHead();
        }
        return new Response(code, headers, new byte[0], chunked);
    }

    /** Reads one chunk of a chunked body; empty for the last one. */
    public byte[] readChunk() {
        String size = line();
        if (size == null) {
            throw new AssertionError("connection closed inside a chunked body");
        }
        int n = Integer.parseInt(size.trim(), 16);
        byte[] data = readN(n);
        line();
        return data;
    }

    /** True when the server closes the connection (EOF) within {@code within}, reading and dropping what comes. */
    public boolean closedWithin(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buf = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buf) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // keep waiting until the deadline
                }
            }
            return false;
        } catch (IOException e) {
            return true;  // reset by the server
        }
    }

    /** Reads one line of an unframed body (an HTTP/1.0 stream), without its end of line; null at EOF. */
    public String readLine() {
        return line();
    }

    /** Reads the rest until EOF (or the read timeout). */
    public byte[] readToEnd() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                b.write(buf, 0, n);
            }
        } catch (IOException e) {
            // timeout or reset: what was read is the answer
        }
        return b.toByteArray();
    }

    private byte[] readN(int n) {
        try {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new AssertionError("connection closed after " + b.length + " of " + n + " body bytes");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String line() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of a stream body (each value one JSON object per line). */
    public static List<String> lines(byte[] body) {
        List<String> l = new ArrayList<>();
        for (String s : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!s.isEmpty()) {
                l.add(s);
            }
        }
        return l;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket: nothing to do
        }
    }
}
