package com.dazzleops.console.core.samples;

import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.monitor.ConsumerKey;
import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.console.core.monitor.ServerMonitor;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.testing.FixtureTransport;
import com.dazzleops.console.core.testing.ManualScheduler;
import com.dazzleops.console.core.testing.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real SQLite file, fed by a real monitor on virtual time. */
class SampleStoreTest {

    @TempDir
    Path tmp;

    final ManualScheduler sched = new ManualScheduler(Instant.parse("2026-08-22T00:00:00Z"));
    final Routes routes = Routes.healthy();
    final ServerProfile profile = ServerProfile.create("s", "http://127.0.0.1:9", Environment.DEV);
    static final ConsumerKey KEY = new ConsumerKey("projection-InvoiceStatusView", "invoice_events");

    ServerMonitor monitor(SampleStore store) {
        ServerMonitor m = new ServerMonitor(new DazzleClient(profile, new FixtureTransport(routes), Duration.ofSeconds(5),
                sched.clock()), sched, MonitorOptions.defaults().withClock(sched.clock()));
        m.addListener(store::record);
        return m;
    }

    void lag(long v) {
        routes.answer("/_dazzle/events/consumers", 200, "{\"consumers\":[{\"group_id\":\"projection-InvoiceStatusView\","
                + "\"topic\":\"invoice_events\",\"last_sequence\":1,\"lag\":" + v + "}]}");
    }

    /** A fresh snapshot with one consumer's lag and the healthy outbox, polled at {@code t}. */
    ServerSnapshot snapshot(Instant t, long lag) {
        java.util.Map<com.dazzleops.console.core.client.Endpoint, com.dazzleops.console.core.monitor.EndpointResult> r =
                new java.util.EnumMap<>(com.dazzleops.console.core.client.Endpoint.class);
        var c = com.dazzleops.console.core.client.Endpoint.CONSUMERS;
        var o = com.dazzleops.console.core.client.Endpoint.OUTBOX;
        r.put(c, new com.dazzleops.console.core.monitor.EndpointResult(c, c.path(), com.dazzleops.model.json.Wire.decode(200,
                "{\"consumers\":[{\"group_id\":\"projection-InvoiceStatusView\",\"topic\":\"invoice_events\","
                        + "\"last_sequence\":1,\"lag\":" + lag + "}]}", DazzleClient.bodyType(c)), t, Duration.ZERO));
        r.put(o, new com.dazzleops.console.core.monitor.EndpointResult(o, o.path(), com.dazzleops.model.json.Wire.decode(200,
                routes.lookup(o.path()).body(), DazzleClient.bodyType(o)), t, Duration.ZERO));
        return new ServerSnapshot(profile, com.dazzleops.console.core.monitor.ServerStatus.UP, "", t,
                java.util.Optional.of(t), false, 0, Duration.ofSeconds(2),
                com.dazzleops.console.core.client.Capabilities.unknown(t), r, java.util.Map.of(), List.of());
    }

    @Test
    void aReadingCarriedByTwoSnapshotsIsRecordedOnce() {
        try (SampleStore store = SampleStore.open(tmp.resolve("once/samples.db"), sched.clock())) {
            ServerSnapshot first = snapshot(sched.now(), 5);
            store.record(first);
            sched.advance(Duration.ofSeconds(2));
            // the next poll did not renew the consumers and outbox answers: the same readings in a later snapshot
            Instant t2 = sched.now();
            store.record(new ServerSnapshot(profile, com.dazzleops.console.core.monitor.ServerStatus.UP, "", t2,
                    java.util.Optional.of(t2), false, 0, Duration.ofSeconds(2), first.capabilities(), first.results(),
                    java.util.Map.of(), List.of()));
            assertThat(store.count("lag", Resolution.RAW)).isEqualTo(1);
            assertThat(store.count("outbox", Resolution.RAW)).isEqualTo(1);
            sched.advance(Duration.ofSeconds(2));
            store.record(snapshot(sched.now(), 6));
            assertThat(store.count("lag", Resolution.RAW)).isEqualTo(2);
            assertThat(store.count("outbox", Resolution.RAW)).isEqualTo(2);
        }
    }

    @Test
    void retentionAndDownsamplingOverMoreThanADay() {
        Path file = tmp.resolve("data/samples.db");
        try (SampleStore store = SampleStore.open(file, sched.clock())) {
            // 26 hours, a sample every 10 s: lag = minute of the hour (so every bucket has a known mean)
            for (int i = 0; i < 26 * 360; i++) {
                sched.advance(Duration.ofSeconds(i == 0 ? 0 : 10));
                store.record(snapshot(sched.now(), sched.now().atZone(java.time.ZoneOffset.UTC).getMinute()));
            }
            Instant now = sched.now();
            store.compact(now);
            assertThat(store.count("lag", Resolution.RAW)).isBetween(360L, 361L);            // 1 h of 10 s samples
            assertThat(store.count("lag", Resolution.MINUTE)).isBetween(1440L, 1441L);       // 24 h of minutes
            assertThat(store.count("lag", Resolution.TEN_MINUTES)).isBetween(156L, 157L);    // 26 h of 10-minute buckets
            assertThat(store.count("outbox", Resolution.MINUTE)).isBetween(1440L, 1441L);

            List<LagSample> raw = store.lag(profile.id(), KEY, now.minus(Duration.ofMinutes(10)), now);
            assertThat(raw).hasSizeBetween(60, 61);
            assertThat(raw).allSatisfy(s -> assertThat(s.samples()).isEqualTo(1));

            List<LagSample> minutes = store.lag(profile.id(), KEY, now.minus(Duration.ofHours(6)), now);
            assertThat(minutes).hasSizeBetween(360, 361);
            LagSample one = minutes.get(10);
            assertThat(one.samples()).isEqualTo(6);
            assertThat(one.lag()).isEqualTo(one.time().atZone(java.time.ZoneOffset.UTC).getMinute());

            List<LagSample> tens = store.lag(profile.id(), KEY, now.minus(Duration.ofHours(25)), now);
            assertThat(tens).hasSizeBetween(150, 151);
            LagSample ten = tens.get(3);
            assertThat(ten.samples()).isEqualTo(60);
            int m0 = ten.time().atZone(java.time.ZoneOffset.UTC).getMinute();
            assertThat(ten.lag()).isEqualTo(m0 + 4.5);
            assertThat(ten.max()).isEqualTo(m0 + 9);

            assertThat(store.consumers(profile.id())).containsExactly(KEY);
            assertThat(store.outbox(profile.id(), now.minus(Duration.ofMinutes(1)), now))
                    .isNotEmpty().allSatisfy(o -> assertThat(o.published()).isEqualTo(57));

            // 8 days later everything is gone
            store.compact(now.plus(Duration.ofDays(8)));
            assertThat(store.count("lag", Resolution.TEN_MINUTES)).isZero();
            assertThat(store.lastKnown(profile)).isEmpty();
        }
    }

    @Test
    void lastKnownStateSurvivesARestartMarkedStale() {
        Path file = tmp.resolve("samples.db");
        ServerSnapshot before;
        try (SampleStore store = SampleStore.open(file, sched.clock())) {
            ServerMonitor m = monitor(store);
            m.start();
            sched.runDue();
            before = m.latest();
            m.stop();
        }
        try (SampleStore store = SampleStore.open(file, sched.clock())) {
            ServerSnapshot after = store.lastKnown(profile).orElseThrow();
            assertThat(after.stale()).isTrue();
            assertThat(after.polledAt()).isEqualTo(before.polledAt());
            assertThat(after.statusReason()).startsWith("last known state from ");
            assertThat(after.checks()).isEqualTo(before.checks());
            assertThat(after.checks()).allSatisfy(c -> assertThat(c.level()).isEqualTo(CheckLevel.OK));
            assertThat(after.outbox()).isEqualTo(before.outbox());
            assertThat(after.appHealth()).isEqualTo(before.appHealth());
            assertThat(after.consumers()).isEqualTo(before.consumers());
            assertThat(after.results().keySet()).isEqualTo(before.results().keySet());
            store.forget(profile.id());
            assertThat(store.lastKnown(profile)).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearErrorAndIsKept() throws Exception {
        Path file = tmp.resolve("samples.db");
        Files.writeString(file, "this is not sqlite, it is a note I must not lose ".repeat(100));
        assertThatThrownBy(() -> SampleStore.open(file, sched.clock()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).startsWith("this is not sqlite");
    }
}
