package com.dazzleops.model.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    @Test
    void idsAreVersion7WithTheRfcVariantAndTheirMillisecond() {
        long before = System.currentTimeMillis();
        UUID id = EventIds.next();
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562 / 4122 variant (binary 10)
        assertThat(EventIds.millisOf(id)).isBetween(before, after);
        assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(EventIds.millisOf(UUID.randomUUID())).isEqualTo(-1);
    }

    @Test
    void idsOfOneMillisecondAreStrictlyIncreasingAsTextAndDistinct() {
        EventIds ids = new EventIds(() -> 1_765_000_000_000L); // a clock that never moves
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // far more than the 12-bit counter holds in one millisecond
            texts.add(ids.generate().toString());
        }
        List<String> sorted = new ArrayList<>(texts);
        sorted.sort(null);
        assertThat(texts).isEqualTo(sorted);
        assertThat(new HashSet<>(texts)).hasSize(texts.size());
        // once the counter is spent, the time field runs ahead of the clock instead of wrapping
        assertThat(EventIds.millisOf(UUID.fromString(texts.get(texts.size() - 1)))).isGreaterThan(1_765_000_000_000L);
    }

    @Test
    void aClockThatGoesBackDoesNotBreakTheOrder() {
        AtomicLong now = new AtomicLong(1_765_000_000_500L);
        EventIds ids = new EventIds(now::get);
        UUID a = ids.generate();
        now.set(1_765_000_000_000L); // NTP stepped the clock back half a second
        UUID b = ids.generate();
        now.set(1_765_000_001_000L);
        UUID c = ids.generate();
        assertThat(a.toString()).isLessThan(b.toString());
        assertThat(b.toString()).isLessThan(c.toString());
        assertThat(EventIds.millisOf(c)).isEqualTo(1_765_000_001_000L);
    }

    @Test
    void idsFromManyThreadsAreDistinct() throws Exception {
        Set<UUID> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    all.add(EventIds.next());
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(all).hasSize(40_000);
    }

    @Test
    void newEventsCarryTimeOrderedIds() {
        EventEnvelope first = EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "k", null, Map.of(), null);
        EventEnvelope second = EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "k", null, Map.of(), null);
        assertThat(first.eventId().version()).isEqualTo(7);
        assertThat(first.eventId().toString()).isLessThan(second.eventId().toString());
        // still an ordinary UUID on the wire: read back as it was written
        assertThat(EventEnvelope.fromJson(first.toPythonJson()).eventId()).isEqualTo(first.eventId());
    }
}
