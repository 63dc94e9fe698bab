package com.dazzleops.console.fx;

import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.testing.Snapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The pump with a minimum gap: the first batch goes at once, a burst right after waits for the gap, as one batch. */
class SnapshotPumpSpacingTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void deliveriesAreSpacedByTheGapAndCoalesced() throws Exception {
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        List<List<ServerSnapshot>> batches = new CopyOnWriteArrayList<>();
        AtomicLong now = new AtomicLong(0);
        SnapshotPump pump = new SnapshotPump(queued::add, batches::add, timer, Duration.ofMillis(300), now::get);
        ServerProfile a = ServerProfile.create("a", "http://10.0.0.1:8000", Environment.DEV);
        ServerProfile b = ServerProfile.create("b", "http://10.0.0.2:8000", Environment.DEV);
        ServerSnapshot a1 = Snapshots.healthy(a, T0).up();
        ServerSnapshot a2 = Snapshots.healthy(a, T0.plusSeconds(2)).at(T0.plusSeconds(2)).up();
        ServerSnapshot b1 = Snapshots.healthy(b, T0).up();

        pump.onSnapshot(a1); // nothing delivered yet: goes at once
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        assertThat(batches).containsExactly(List.of(a1));

        now.set(Duration.ofMillis(100).toNanos()); // 100 ms after the last delivery: must wait ~200 ms more
        pump.onSnapshot(b1);
        pump.onSnapshot(a2);
        assertThat(queued).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (queued.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(queued).hasSize(1); // one UI task for the burst
        queued.remove(0).run();
        assertThat(batches).containsExactly(List.of(a1), List.of(b1, a2));

        now.set(Duration.ofSeconds(5).toNanos()); // long after: at once again
        pump.onSnapshot(a1);
        assertThat(queued).hasSize(1);
    }
}
