package net.landht.names.http;

import java.util.Arrays;
import java.util.List;

import net.landht.http.HttpExchange;
import net.landht.http.HttpService;
import net.landht.names.NameForwarder;

/**
 * A secondary's {@code /name/} and {@code /addr/} behind the LAN HTTP router ({@code names.primary} set): a body
 * over {@link NamesHttpService#MAX_BODY_BYTES} is 413 here, as on a primary; everything else goes to the
 * {@link NameForwarder}, which returns at once (a cache hit) or later from its own threads, and its answer is
 * written back from there. Nothing here blocks the connection's event loop.
 */
public final class ForwardingHttpService implements HttpService {
    private final NameForwarder forwarder;

    /** @param forwarder closed by its owner after the HTTP server has stopped */
    public ForwardingHttpService(NameForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (NamesHttpService.refusedBeforeWork(exchange)) {
            return;
        }
        List<String> path = Arrays.asList(exchange.path().split("/"));
        forwarder.handle(exchange.method(), path, exchange.body(), exchange.remoteAddress().getAddress(),
                NameForwarder.isFromForwarder(exchange.header("Via")))
                .thenAccept(r -> NamesHttpService.write(exchange, r));
    }
}
