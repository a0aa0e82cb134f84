package net.landht.push;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * Tests only: a push gateway on loopback (gorush's {@code /api/push} or UnifiedPush endpoints alike) that records
 * every request and answers each path with the status set for it (201 by default), or hangs on paths told to.
 */
public final class RecordingGateway implements AutoCloseable {
    /**
     * One request as received.
     *
     * @param receivedNanos {@link System#nanoTime()} when its head arrived (before its body was read)
     */
    public record Request(String method, String path, Map<String, String> headers, byte[] body, long receivedNanos) {
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();

    public RecordingGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext("/", ex -> {
            long received = System.nanoTime();
            Map<String, String> h = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(ex.getRequestMethod(), path, h, body, received));
            if (hanging.containsKey(path)) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.sendResponseHeaders(statuses.getOrDefault(path, 201), -1);
            ex.close();
        });
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Answers {@code path} with {@code status} from now on. */
    public void answer(String path, int status) {
        statuses.put(path, status);
    }

    /** Never answers {@code path} (until closed). */
    public void hang(String path) {
        hanging.put(path, true);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to {@code path}. */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
