package com.dazzleops.console.core;

import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.samples.Resolution;
import com.dazzleops.console.core.samples.SampleStore;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import com.dazzleops.console.core.testing.FixtureServer;
import com.dazzleops.console.core.testing.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole engine on real threads against real local HTTP servers that go down and come back. */
class ConsoleEngineTest {

    @TempDir
    Path tmp;

    final Map<String, ServerSnapshot> latest = new ConcurrentHashMap<>();

    ServerSnapshot await(String id, Predicate<ServerSnapshot> p, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            ServerSnapshot s = latest.get(id);
            if (s != null && p.test(s)) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + latest.get(id));
    }

    static long httpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("dazzle-")).count();
    }

    @Test
    void watchesServersThroughOutageAndRecoveryAndFollowsTheRegistry() throws Exception {
        ServerRegistry registry = ServerRegistry.open(tmp.resolve("servers.json"));
        FixtureServer a = new FixtureServer(Routes.healthy());
        int portA = a.port();
        FixtureServer b = new FixtureServer(Routes.healthy());
        ServerProfile pa = registry.add(ServerProfile.create("a", a.url(), Environment.PRODUCTION));
        ScheduledThreadPoolExecutor sched = new ScheduledThreadPoolExecutor(2);
        long threadsBefore = httpThreads();
        try (SampleStore store = SampleStore.open(tmp.resolve("samples.db"), Clock.systemUTC())) {
            ConsoleEngine engine = ConsoleEngine.builder(registry).scheduler(sched).sampleStore(store)
                    .options(MonitorOptions.defaults().withInterval(Duration.ofMillis(200))
                            .withMaxBackoff(Duration.ofMillis(800)))
                    .requestTimeout(Duration.ofSeconds(2)).build();
            engine.addListener(s -> latest.put(s.serverId(), s));
            engine.start();
            await(pa.id(), s -> s.status() == ServerStatus.UP && s.worstLevel() == CheckLevel.OK, "a up");

            ServerProfile pb = registry.add(ServerProfile.create("b", b.url(), Environment.DEV));
            await(pb.id(), s -> s.status() == ServerStatus.UP, "b up after being added");
            assertThat(engine.snapshots()).hasSize(2);

            a.close();
            ServerSnapshot down = await(pa.id(), s -> s.status() == ServerStatus.DOWN, "a down");
            assertThat(down.checks()).allSatisfy(c -> assertThat(c.level()).isEqualTo(CheckLevel.BAD));
            await(pa.id(), s -> s.consecutiveFailures() >= 3 && s.stale() && s.outbox().isOk(), "a backing off, stale");
            assertThat(latest.get(pb.id()).status()).isEqualTo(ServerStatus.UP);

            FixtureServer a2 = new FixtureServer(Routes.healthy(), portA);
            try {
                ServerSnapshot back = await(pa.id(), s -> s.status() == ServerStatus.UP, "a back");
                assertThat(back.stale()).isFalse();
                assertThat(a2.requests()).anyMatch(r -> r.getTarget().equals("/spec")); // rediscovered
            } finally {
                a2.close();
            }

            registry.remove(pb.id());
            assertThat(engine.monitor(pb.id())).isEmpty();
            Thread.sleep(300);
            int bRequests = b.requests().size();
            Thread.sleep(600);
            assertThat(b.requests()).hasSize(bRequests);

            engine.close();
            Thread.sleep(300);
            assertThat(store.count("lag", Resolution.RAW)).isPositive();
            assertThat(store.lastKnown(pa)).isPresent();
        } finally {
            b.close();
            sched.shutdownNow();
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (httpThreads() > threadsBefore && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(httpThreads()).as("engine threads left after close").isLessThanOrEqualTo(threadsBefore);
    }
}
