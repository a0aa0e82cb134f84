package net.landht.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the service of a request path by its longest matching prefix: {@code /name/} for the name server,
 * {@code /} for the DHT proxy (OpenDHT's routes have no common prefix: {@code /}, {@code /node/...},
 * {@code /key/...} and the legacy {@code /{hash}}). Immutable once built; thread-safe.
 */
public final class HttpRouter {
    private record Entry(String prefix, HttpService service) {
    }

    private final List<Entry> entries;

    private HttpRouter(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A router with no service: every request gets 404 JSON. */
    public static Builder builder() {
        return new Builder();
    }

    /** The service for {@code path} (a decoded-enough path, starting with {@code /}), or null when none matches. */
    HttpService find(String path) {
        for (Entry e : entries) {
            if (path.startsWith(e.prefix)) {
                return e.service;
            }
        }
        return null;
    }

    /** Collects prefixes; {@link #build()} sorts them longest first. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        /**
         * Routes paths starting with {@code prefix} to {@code service}.
         *
         * @throws IllegalArgumentException when the prefix does not start with {@code /} or is taken
         */
        public Builder route(String prefix, HttpService service) {
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("a route prefix starts with '/': " + prefix);
            }
            if (entries.stream().anyMatch(e -> e.prefix.equals(prefix))) {
                throw new IllegalArgumentException("route prefix " + prefix + " is taken");
            }
            entries.add(new Entry(prefix, service));
            return this;
        }

        public HttpRouter build() {
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(Comparator.comparingInt((Entry e) -> e.prefix.length()).reversed());
            return new HttpRouter(sorted);
        }
    }
}
