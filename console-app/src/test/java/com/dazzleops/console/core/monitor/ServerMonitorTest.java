package com.dazzleops.console.core.monitor;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.client.EventsState;
import com.dazzleops.console.core.client.Feature;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.testing.FixtureTransport;
import com.dazzleops.console.core.testing.ManualScheduler;
import com.dazzleops.console.core.testing.Routes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor on a deterministic scheduler and a synchronous fixture transport. */
class ServerMonitorTest {

    final ManualScheduler sched = new ManualScheduler(Instant.parse("2026-08-22T09:30:00Z"));
    final Routes routes = Routes.healthy();
    final FixtureTransport transport = new FixtureTransport(routes);
    final List<ServerSnapshot> seen = new ArrayList<>();

    ServerMonitor monitor() {
        ServerProfile p = ServerProfile.create("s", "http://127.0.0.1:9", Environment.DEV);
        MonitorOptions o = MonitorOptions.defaults().withClock(sched.clock());
        ServerMonitor m = new ServerMonitor(new DazzleClient(p, transport, Duration.ofSeconds(5), sched.clock()), sched, o);
        m.addListener(seen::add);
        return m;
    }

    static CheckLevel level(ServerSnapshot s, CheckId id) {
        return s.checks().stream().filter(c -> c.id() == id).map(Check::level).findFirst().orElseThrow();
    }

    @Test
    void healthyServerIsUpWithSixOkChecks() {
        ServerMonitor m = monitor();
        m.start();
        sched.runDue();
        ServerSnapshot s = m.latest();
        assertThat(seen).hasSize(1);
        assertThat(s.status()).as(s.statusReason()).isEqualTo(ServerStatus.UP);
        assertThat(s.checks()).extracting(Check::id).containsExactly(CheckId.values());
        assertThat(s.checks()).allSatisfy(c -> assertThat(c.level()).as(c.toString()).isEqualTo(CheckLevel.OK));
        assertThat(s.capabilities().jobsExplorer()).isEqualTo(Feature.PRESENT);
        assertThat(s.capabilities().events()).isEqualTo(EventsState.ACTIVE);
        assertThat(s.appHealth().valueIfOk()).get().extracting(h -> h.dslHash()).isEqualTo("3fa09c1e");
        assertThat(s.stats().isOk()).isTrue();
        assertThat(s.nextPollIn()).isEqualTo(Duration.ofSeconds(2));
        assertThat(sched.nextDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void backsOffExponentiallyWhileDownKeepsStaleValuesAndRecoversWithRediscovery() {
        ServerMonitor m = monitor();
        m.start();
        sched.runDue();
        ServerSnapshot up = m.latest();
        routes.setDown(true);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Duration d = sched.nextDelay();
            sched.advance(d);
            waits.add(m.latest().nextPollIn());
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30))
                .as("first failure waits 2 s, then doubles to the 30 s cap");
        ServerSnapshot down = m.latest();
        assertThat(down.status()).isEqualTo(ServerStatus.DOWN);
        assertThat(down.statusReason()).contains("refused");
        assertThat(down.stale()).isTrue();
        assertThat(down.consecutiveFailures()).isEqualTo(7);
        assertThat(down.lastSuccess()).contains(up.polledAt());
        assertThat(down.outbox().isOk()).as("last known values are kept").isTrue();
        assertThat(down.checks()).allSatisfy(c -> {
            assertThat(c.level()).isEqualTo(CheckLevel.BAD);
            assertThat(c.value()).isEqualTo("server unreachable");
        });
        // while down only /_dazzle/ready is asked
        transport.requested.clear();
        sched.advance(sched.nextDelay());
        assertThat(transport.requested).containsExactly("/_dazzle/ready");

        routes.setDown(false);
        transport.requested.clear();
        sched.advance(sched.nextDelay());
        ServerSnapshot back = m.latest();
        assertThat(back.status()).isEqualTo(ServerStatus.UP);
        assertThat(back.stale()).isFalse();
        assertThat(back.consecutiveFailures()).isZero();
        assertThat(back.nextPollIn()).isEqualTo(Duration.ofSeconds(2));
        assertThat(transport.requested).as("capabilities rediscovered after coming back").contains("/spec")
                .anyMatch(p -> p.startsWith("/jobruns?"));
        assertThat(back.checks()).allSatisfy(c -> assertThat(c.level()).isEqualTo(CheckLevel.OK));
    }

    @Test
    void oneMisbehavingEndpointIsOnePanelsErrorNotADeadSnapshot() {
        routes.answer("/_dazzle/events/outbox", 500, "{\"detail\":\"Internal Server Error\"}");
        routes.answer("/_dazzle/stats", 200, "<html>oops</html>");
        ServerMonitor m = monitor();
        m.start();
        sched.runDue();
        ServerSnapshot s = m.latest();
        assertThat(s.status()).isEqualTo(ServerStatus.DEGRADED);
        assertThat(s.statusReason()).contains("2 endpoints failing").contains("/_dazzle/events/outbox (HTTP 500");
        assertThat(level(s, CheckId.OUTBOX_CLEAN)).isEqualTo(CheckLevel.BAD);
        assertThat(s.checks().stream().filter(c -> c.id() == CheckId.OUTBOX_CLEAN).findFirst().orElseThrow().detail())
                .contains("Internal Server Error");
        assertThat(s.stats().failure()).isPresent();
        assertThat(level(s, CheckId.EVENT_BUS_RUNNING)).isEqualTo(CheckLevel.OK);
        assertThat(level(s, CheckId.DB_REACHABLE)).isEqualTo(CheckLevel.OK);
        assertThat(s.appHealth().isOk()).isTrue();
    }

    @Test
    void slowEndpointsAreAskedEveryTenthPoll() {
        ServerMonitor m = monitor();
        m.start();
        sched.runDue();
        transport.requested.clear();
        for (int i = 0; i < 21; i++) {
            sched.advance(Duration.ofSeconds(2));
        }
        assertThat(transport.requested.stream().filter("/_dazzle/ready"::equals)).hasSize(21);
        assertThat(transport.requested.stream().filter("/_dazzle/events/outbox"::equals)).hasSize(21);
        assertThat(transport.requested.stream().filter("/_dazzle/stats"::equals)).hasSize(2);
        assertThat(transport.requested.stream().filter("/health"::equals)).hasSize(2);
        assertThat(transport.requested.stream().filter(p -> p.startsWith("/_dazzle/jobs/runs"))).hasSize(2);
        // the DLQ total comes with /_dazzle/events/status, the DB state with /_dazzle/ready: their fallbacks are not
        // asked; nothing reads the jobs overview or pending approvals from a snapshot
        assertThat(transport.requested).noneMatch(p -> p.startsWith("/_dazzle/events/dlq"))
                .doesNotContain("/_dazzle/health", "/_dazzle/jobs")
                .noneMatch(p -> p.startsWith("/_dazzle/approvals"));
        Instant statsTime = m.latest().endpoint(com.dazzleops.console.core.client.Endpoint.STATS).orElseThrow().fetchedAt();
        assertThat(statsTime).isBefore(m.latest().polledAt());
    }

    @Test
    void theFallbacksAreAskedWhenThePrimarySourcesGiveNothingAndDropWhenTheyAnswerAgain() {
        ServerMonitor m = monitor();
        m.start();
        sched.runDue();
        routes.answer("/_dazzle/events/status", 500, "{\"detail\":\"Internal Server Error\"}");
        routes.answer("/_dazzle/ready", 404, "{\"detail\":\"Not Found\"}");
        transport.requested.clear();
        for (int i = 0; i < 10; i++) {
            sched.advance(Duration.ofSeconds(2));
        }
        assertThat(transport.requested.stream().filter(p -> p.startsWith("/_dazzle/events/dlq"))).hasSize(1);
        assertThat(transport.requested.stream().filter("/_dazzle/health"::equals)).hasSize(1);
        ServerSnapshot s = m.latest();
        assertThat(s.endpoint(com.dazzleops.console.core.client.Endpoint.DLQ)).isPresent();
        Check db = s.checks().stream().filter(c -> c.id() == CheckId.DB_REACHABLE).findFirst().orElseThrow();
        assertThat(db.level()).isEqualTo(CheckLevel.OK);
        assertThat(db.source()).isEqualTo("GET /_dazzle/health");

        routes.answer("/_dazzle/events/status", 200, Routes.healthy().lookup("/_dazzle/events/status").body());
        routes.answer("/_dazzle/ready", 200, Routes.healthy().lookup("/_dazzle/ready").body());
        sched.advance(Duration.ofSeconds(2));
        s = m.latest();
        assertThat(s.endpoint(com.dazzleops.console.core.client.Endpoint.DLQ)).isEmpty();
        assertThat(s.endpoint(com.dazzleops.console.core.client.Endpoint.DAZZLE_HEALTH)).isEmpty();
        assertThat(s.checks()).allSatisfy(c -> assertThat(c.level()).as(c.toString()).isEqualTo(CheckLevel.OK));
    }

    @Test
    void anUnfocusedServerAsksOnlyWhatDecidesItsChecksAndRefocusingFillsTheDashboardAtOnce() {
        ServerMonitor m = monitor();
        m.start();
        sched.runDue();
        assertThat(m.latest().appHealth().isOk()).isTrue();
        m.setFocused(false);
        transport.requested.clear();
        for (int i = 0; i < 20; i++) {
            sched.advance(Duration.ofSeconds(2));
        }
        assertThat(transport.requested).doesNotContain("/health", "/_dazzle/stats");
        assertThat(transport.requested.stream().filter(p -> p.startsWith("/_dazzle/jobs/runs"))).hasSize(2);
        // turns: the events status alone, then ready, the consumers and the outbox (each every 4 s); the two slow
        // polls ask the events status too (it decides whether the DLQ list is needed)
        assertThat(transport.requested.stream().filter("/_dazzle/ready"::equals)).hasSize(10);
        assertThat(transport.requested.stream().filter("/_dazzle/events/status"::equals)).hasSize(12);
        assertThat(transport.requested).as("one request on a lean poll, three on a detail poll, five on a slow one")
                .hasSize(10 + 10 * 3 + 2 * 2);
        assertThat(transport.requested.stream().filter("/_dazzle/events/consumers"::equals)).hasSize(10);
        assertThat(transport.requested.stream().filter("/_dazzle/events/outbox"::equals)).hasSize(10);
        ServerSnapshot s = m.latest();
        assertThat(s.appHealth().isOk()).as("dashboard-only results are dropped, not kept stale").isFalse();
        assertThat(s.checks()).allSatisfy(c -> assertThat(c.level()).as(c.toString()).isEqualTo(CheckLevel.OK));
        assertThat(s.status()).isEqualTo(ServerStatus.UP);

        // a lean poll (events status alone) still notices a server that stops answering
        routes.setDown(true);
        sched.advance(Duration.ofSeconds(2));
        sched.advance(Duration.ofSeconds(2));
        assertThat(m.latest().status()).isEqualTo(ServerStatus.DOWN);
        routes.setDown(false);
        sched.advance(m.latest().nextPollIn());
        assertThat(m.latest().status()).isEqualTo(ServerStatus.UP);

        transport.requested.clear();
        m.setFocused(true);
        sched.runDue();
        assertThat(transport.requested).contains("/health", "/_dazzle/stats");
        assertThat(m.latest().appHealth().isOk()).isTrue();
    }

    @Test
    void withDetailOnEveryPollAnUnfocusedServerStillAsksTheEventsStatusEveryPoll() {
        ServerProfile p = ServerProfile.create("s", "http://127.0.0.1:9", Environment.DEV);
        ServerMonitor m = new ServerMonitor(new DazzleClient(p, transport, Duration.ofSeconds(5), sched.clock()), sched,
                MonitorOptions.defaults().withClock(sched.clock()).withDetailEvery(1));
        m.start();
        sched.runDue();
        m.setFocused(false);
        transport.requested.clear();
        for (int i = 0; i < 4; i++) {
            sched.advance(Duration.ofSeconds(2));
        }
        assertThat(transport.requested.stream().filter("/_dazzle/ready"::equals)).hasSize(4);
        assertThat(transport.requested.stream().filter("/_dazzle/events/status"::equals)).hasSize(4);
        assertThat(level(m.latest(), CheckId.EVENT_BUS_RUNNING)).isEqualTo(CheckLevel.OK);
    }

    @Test
    void aStaggeredStartWaitsForItsFirstPollAndShiftsTheSlowCycle() {
        ServerMonitor m = monitor();
        m.start(Duration.ofMillis(800), 3);
        sched.runDue();
        assertThat(seen).isEmpty(); // not before its turn
        sched.advance(Duration.ofMillis(800));
        assertThat(seen).hasSize(1); // the first poll (discovery) asks everything
        transport.requested.clear();
        for (int i = 0; i < 10; i++) {
            sched.advance(Duration.ofSeconds(2));
        }
        // polls 1..10: the slow endpoints come on poll 7 ((7 + 3) % 10 == 0), once
        assertThat(transport.requested.stream().filter("/_dazzle/ready"::equals)).hasSize(10);
        assertThat(transport.requested.stream().filter("/_dazzle/stats"::equals)).hasSize(1);
        assertThat(transport.requested.stream().filter("/health"::equals)).hasSize(1);
    }

    @Test
    void stopCancelsPollingAndStartResumes() {
        ServerMonitor m = monitor();
        m.start();
        sched.runDue();
        m.stop();
        assertThat(sched.pending()).isZero();
        int n = seen.size();
        sched.advance(Duration.ofMinutes(1));
        assertThat(seen).hasSize(n);
        m.start();
        m.start(); // idempotent
        sched.runDue();
        assertThat(seen).hasSize(n + 1);
        assertThat(sched.pending()).isEqualTo(1);
        m.close();
        assertThat(m.isRunning()).isFalse();
    }

    @Test
    void steadilyGrowingLagMarksTheConsumerStuck() {
        ServerMonitor m = monitor();
        m.start();
        for (int i = 0; i <= 90; i++) { // 3 minutes at 2 s, lag +2 per poll
            routes.answer("/_dazzle/events/consumers", 200, "{\"consumers\":[{\"group_id\":\"projection-InvoiceStatusView\","
                    + "\"topic\":\"invoice_events\",\"last_sequence\":100,\"lag\":" + (2 * i) + "}]}");
            sched.advance(Duration.ofSeconds(i == 0 ? 0 : 2));
        }
        ServerSnapshot s = m.latest();
        assertThat(s.lagTrend("projection-InvoiceStatusView", "invoice_events")).isEqualTo(LagTrend.GROWING);
        Check c = s.checks().stream().filter(x -> x.id() == CheckId.CONSUMER_CURRENT).findFirst().orElseThrow();
        assertThat(c.level()).isEqualTo(CheckLevel.BAD);
        assertThat(c.value()).contains("growing");
        assertThat(c.detail()).contains("stuck consumer");
    }

    @Test
    void restoredSnapshotIsPublishedBeforeTheFirstPoll() {
        ServerMonitor m = monitor();
        ServerSnapshot stale = new ServerSnapshot(m.server(), ServerStatus.UP, "last known", sched.now().minusSeconds(60),
                java.util.Optional.empty(), true, 0, Duration.ZERO,
                com.dazzleops.console.core.client.Capabilities.unknown(sched.now()), java.util.Map.of(), java.util.Map.of(),
                List.of());
        m.restore(stale);
        assertThat(seen).containsExactly(stale);
        m.start();
        sched.runDue();
        assertThat(m.latest().stale()).isFalse();
    }
}
