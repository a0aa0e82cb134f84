package net.landht.names.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.names.NameResponse;

/** The worker pool's bound: with every worker held and the queue full, the next request is 503 at once. */
class NamesHttpServiceBusyTest {
    @Test
    void fullQueueIs503WithRetryAfterAndCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        NamesHttpService names = new NamesHttpService((method, path, body, source) -> {
            running.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new NameResponse(200, "{}".getBytes(StandardCharsets.UTF_8), 0);
        }, 1, 1);
        HttpRouter router = HttpRouter.builder().route("/name/", names).build();
        try (LanHttpServer server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                router, HttpLimits.defaults(), List.of(), new HttpCounters())) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/name/alice");
            HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
            CompletableFuture<HttpResponse<String>> held = client.sendAsync(get, HttpResponse.BodyHandlers.ofString());
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> queued =
                    client.sendAsync(get, HttpResponse.BodyHandlers.ofString());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> names.queued() == 1);

            HttpResponse<String> busy = client.send(get, HttpResponse.BodyHandlers.ofString());

            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.body()).isEqualTo("{\"error\":\"name server busy\"}");
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(names.busyRefusals()).isEqualTo(1);
            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
            names.close();
        }
    }
}
