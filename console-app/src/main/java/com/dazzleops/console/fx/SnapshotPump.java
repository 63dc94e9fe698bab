package com.dazzleops.console.fx;

import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.SnapshotListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Carries snapshots from the monitors' threads to the UI thread, coalesced: at most one UI task is queued at a time
 * and it delivers only the newest snapshot of each server. Fifty servers polled every 2 s therefore cost a handful
 * of UI tasks per second, not fifty, and a busy UI thread never builds a backlog.
 */
public final class SnapshotPump implements SnapshotListener {

    private final Executor ui;
    private final Consumer<ServerSnapshot> sink;
    private final Map<String, ServerSnapshot> pending = new LinkedHashMap<>();
    private boolean scheduled;

    public SnapshotPump(Executor ui, Consumer<ServerSnapshot> sink) {
        this.ui = ui;
        this.sink = sink;
    }

    @Override
    public void onSnapshot(ServerSnapshot snapshot) {
        boolean schedule;
        synchronized (pending) {
            pending.put(snapshot.serverId(), snapshot);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            ui.execute(this::drain);
        }
    }

    private void drain() {
        List<ServerSnapshot> batch;
        synchronized (pending) {
            batch = new ArrayList<>(pending.values());
            pending.clear();
            scheduled = false;
        }
        batch.forEach(sink);
    }
}
