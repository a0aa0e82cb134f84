package net.landht.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 GET over a plain socket, so that a test sets the Host header itself (the JDK client will not). */
final class RawHttp {
    private RawHttp() {
    }

    /** The whole answer (status line, headers, body) to {@code GET path} with {@code Host: host}, then closes. */
    static String get(InetSocketAddress to, String path, String host) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(to, 3000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
