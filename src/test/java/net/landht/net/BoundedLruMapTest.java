package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BoundedLruMapTest {
    @Test
    void theLeastRecentlyUsedEntryIsEvictedAndCounted() {
        AtomicInteger hook = new AtomicInteger();
        BoundedLruMap<String, Integer> m = new BoundedLruMap<>(2, hook::incrementAndGet);
        m.put("a", 1);
        m.put("b", 2);
        m.get("a");
        m.put("c", 3);
        assertThat(m.get("b")).isNull();
        assertThat(m.get("a")).isEqualTo(1);
        assertThat(m.get("c")).isEqualTo(3);
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.evictions()).isEqualTo(1);
        assertThat(hook.get()).isEqualTo(1);
    }
}
