package com.dazzleops.console.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Carries items from background threads to the UI thread in bursts: every item is kept, in order, and at most one
 * UI task is queued at a time, which delivers everything added until it runs as one list. Unlike
 * {@link SnapshotPump}, which keeps only the newest snapshot per server, nothing is coalesced away (alert events).
 */
public final class UiBatch<T> implements Consumer<T> {

    private final Executor ui;
    private final Consumer<List<T>> sink;
    private final List<T> pending = new ArrayList<>();

    /**
     * @param ui the UI executor
     * @param sink takes each batch, oldest first, on the UI thread
     */
    public UiBatch(Executor ui, Consumer<List<T>> sink) {
        this.ui = ui;
        this.sink = sink;
    }

    @Override
    public void accept(T item) {
        boolean first;
        synchronized (pending) {
            first = pending.isEmpty();
            pending.add(item);
        }
        if (first) {
            ui.execute(this::drain);
        }
    }

    private void drain() {
        List<T> batch;
        synchronized (pending) {
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
