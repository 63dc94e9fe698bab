package com.dazzleops.console.fx;

import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.testing.Snapshots;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotPumpTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void whileTheUiIsBusyOnlyTheNewestSnapshotOfEachServerIsDelivered() {
        List<Runnable> queued = new ArrayList<>();
        List<ServerSnapshot> delivered = new ArrayList<>();
        SnapshotPump pump = new SnapshotPump(queued::add, delivered::add);
        ServerProfile a = ServerProfile.create("a", "http://10.0.0.1:8000", Environment.DEV);
        ServerProfile b = ServerProfile.create("b", "http://10.0.0.2:8000", Environment.DEV);

        ServerSnapshot a1 = Snapshots.healthy(a, T0).up();
        ServerSnapshot a2 = Snapshots.healthy(a, T0.plusSeconds(2)).at(T0.plusSeconds(2)).up();
        ServerSnapshot b1 = Snapshots.healthy(b, T0).up();
        pump.onSnapshot(a1);
        pump.onSnapshot(b1);
        pump.onSnapshot(a2);
        assertThat(queued).hasSize(1); // one UI task for three snapshots
        queued.remove(0).run();
        assertThat(delivered).containsExactly(a2, b1);

        pump.onSnapshot(b1);
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        assertThat(delivered).containsExactly(a2, b1, b1);
    }
}
