package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The secondary's cache of its primary's answers, on an injected clock: what is kept, how long, and the bounds. */
class NameCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final ForwardCounters counters = new ForwardCounters();
    private final NameCache cache = new NameCache(now::get, counters);

    private static final Registration ALICE = new Registration("alice", "a".repeat(40), "", "cGs=", "c2ln", 0);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void notFoundIsServedForThirtySecondsThenAskedAgain() {
        NameResponse notFound = NameService.nameNotFound();
        cache.put(NameCache.Endpoint.NAME, "bob", notFound);
        advance(NameCache.NOT_FOUND_TTL.minusNanos(1));
        assertThat(cache.get(NameCache.Endpoint.NAME, "bob")).isSameAs(notFound);
        advance(Duration.ofNanos(1));
        assertThat(cache.get(NameCache.Endpoint.NAME, "bob")).isNull();
        assertThat(counters.cacheHits(NameCache.Endpoint.NAME, false)).isEqualTo(1);
        assertThat(cache.size()).isZero();
    }

    @Test
    void foundAnswerIsKeptForGoodAndALaterNotFoundDoesNotReplaceIt() {
        NameResponse found = NameService.nameFound(ALICE);
        cache.put(NameCache.Endpoint.NAME, "alice", found);
        advance(Duration.ofDays(400));
        cache.put(NameCache.Endpoint.NAME, "alice", NameService.nameNotFound());
        assertThat(cache.get(NameCache.Endpoint.NAME, "alice")).isSameAs(found);
        assertThat(counters.cacheHits(NameCache.Endpoint.NAME, true)).isEqualTo(1);
    }

    @Test
    void errorsAndRefusalsAreNotKept() {
        cache.put(NameCache.Endpoint.NAME, "alice", NameResponse.json(503, "error", "primary unreachable"));
        cache.put(NameCache.Endpoint.ADDR, ALICE.addr(), NameResponse.json(500, "error", "server error"));
        cache.put(NameCache.Endpoint.ADDR, "x", NameResponse.json(400, "success", false));
        assertThat(cache.size()).isZero();
        assertThat(cache.get(NameCache.Endpoint.NAME, "alice")).isNull();
    }

    @Test
    void aFoundAnswerReplacesARecentNotFound() {
        cache.put(NameCache.Endpoint.NAME, "alice", NameService.nameNotFound());
        cache.put(NameCache.Endpoint.NAME, "alice", NameService.nameFound(ALICE));
        assertThat(cache.get(NameCache.Endpoint.NAME, "alice").status()).isEqualTo(200);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void primingAnswersBothLookupsAsTheRegistryWould() {
        cache.put(NameCache.Endpoint.ADDR, ALICE.addr(), NameResponse.json(404, "error", "address not registered"));
        cache.prime(ALICE);
        assertThat(cache.get(NameCache.Endpoint.NAME, "alice").bodyText())
                .isEqualTo("{\"name\":\"alice\",\"addr\":\"0x" + ALICE.addr()
                        + "\",\"publickey\":\"cGs=\",\"signature\":\"c2ln\"}");
        assertThat(cache.get(NameCache.Endpoint.ADDR, ALICE.addr()).bodyText()).isEqualTo("{\"name\":\"alice\"}");
    }

    @Test
    void eachTableDropsItsLeastRecentlyUsedEntryWhenFullAndCountsIt() {
        NameCache small = new NameCache(2, 1, NameCache.NOT_FOUND_TTL, now::get, counters);
        NameResponse found = NameService.nameFound(ALICE);
        small.put(NameCache.Endpoint.NAME, "one", found);
        small.put(NameCache.Endpoint.NAME, "two", found);
        assertThat(small.get(NameCache.Endpoint.NAME, "one")).isNotNull(); // "two" is now the least recently used
        small.put(NameCache.Endpoint.NAME, "three", found);
        assertThat(small.get(NameCache.Endpoint.NAME, "two")).isNull();
        assertThat(small.get(NameCache.Endpoint.NAME, "one")).isNotNull();
        assertThat(small.get(NameCache.Endpoint.NAME, "three")).isNotNull();
        small.put(NameCache.Endpoint.NAME, "x", NameService.nameNotFound());
        small.put(NameCache.Endpoint.NAME, "y", NameService.nameNotFound());
        assertThat(small.get(NameCache.Endpoint.NAME, "x")).isNull();
        assertThat(small.size()).isEqualTo(3); // 404s never push found answers out
        assertThat(counters.cacheEvictions()).isEqualTo(2);
    }

    @Test
    void defaultCacheHoldsAtMostTenThousandFoundAnswers() {
        NameResponse found = NameService.nameFound(ALICE);
        for (int i = 0; i <= NameCache.MAX_FOUND; i++) {
            cache.put(NameCache.Endpoint.NAME, "n" + i, found);
        }
        assertThat(cache.size()).isEqualTo(10_000);
        assertThat(cache.get(NameCache.Endpoint.NAME, "n0")).isNull();
        assertThat(cache.get(NameCache.Endpoint.NAME, "n" + NameCache.MAX_FOUND)).isNotNull();
    }

    @Test
    void nameAndAddrAreSeparateKeys() {
        cache.put(NameCache.Endpoint.NAME, "abc", NameService.nameFound(ALICE));
        assertThat(cache.get(NameCache.Endpoint.ADDR, "abc")).isNull();
    }
}
