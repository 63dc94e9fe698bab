package com.dazzleops.console.fx;

import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.SnapshotListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Carries snapshots from the monitors' threads to the UI thread, coalesced: at most one UI task is queued at a time
 * and it delivers only the newest snapshot of each server, as one batch. With a minimum gap, deliveries are also
 * spaced at least that far apart (the first snapshot after a quiet spell goes at once; a burst waits for the gap):
 * fifty servers polled every 2 s then cost a few UI tasks (and layout passes) per second, not twenty-five, and a
 * busy UI thread never builds a backlog.
 */
public final class SnapshotPump implements SnapshotListener {

    private final Executor ui;
    private final Consumer<List<ServerSnapshot>> sink;
    private final ScheduledExecutorService timer;
    private final long minGapNanos;
    private final LongSupplier nanoTime;
    private final Map<String, ServerSnapshot> pending = new LinkedHashMap<>();
    private boolean scheduled;
    private long lastDrain;
    private boolean drained;

    /** Delivers each snapshot of a batch to {@code sink}, as soon as the UI thread gets to it (no spacing). */
    public SnapshotPump(Executor ui, Consumer<ServerSnapshot> sink) {
        this(ui, batch -> batch.forEach(sink), null, Duration.ZERO, System::nanoTime);
    }

    /**
     * @param ui the UI executor
     * @param sink takes each batch (newest snapshot per server) on the UI thread
     * @param timer delays a delivery that comes sooner than {@code minGap} after the previous one (null: no spacing)
     * @param minGap the least time between two deliveries
     */
    public SnapshotPump(Executor ui, Consumer<List<ServerSnapshot>> sink, ScheduledExecutorService timer,
                        Duration minGap) {
        this(ui, sink, timer, minGap, System::nanoTime);
    }

    SnapshotPump(Executor ui, Consumer<List<ServerSnapshot>> sink, ScheduledExecutorService timer, Duration minGap,
                 LongSupplier nanoTime) {
        this.ui = ui;
        this.sink = sink;
        this.timer = timer;
        this.minGapNanos = timer == null ? 0 : minGap.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void onSnapshot(ServerSnapshot snapshot) {
        long wait;
        synchronized (pending) {
            pending.put(snapshot.serverId(), snapshot);
            if (scheduled) {
                return;
            }
            scheduled = true;
            wait = drained ? lastDrain + minGapNanos - nanoTime.getAsLong() : 0;
        }
        if (wait > 0) {
            try {
                timer.schedule(() -> ui.execute(this::drain), wait, TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException e) {
                // the timer is shutting down: deliver at once instead
            }
        }
        ui.execute(this::drain);
    }

    private void drain() {
        List<ServerSnapshot> batch;
        synchronized (pending) {
            batch = new ArrayList<>(pending.values());
            pending.clear();
            scheduled = false;
            drained = true;
            lastDrain = nanoTime.getAsLong();
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
