package com.dazzleops.console.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Gathers items that come in a burst into one list for the UI: a burst ends once no item has come for {@code quiet},
 * or {@code max} after its first item, whichever is sooner; it is then handed to the sink on the UI executor.
 *
 * <p>A fleet-wide incident does not raise its alerts at one instant: fifty servers polled at different moments of
 * their 2-s interval see the check turn bad at different moments, and each alert follows its own check's hold time,
 * so the alerts come over several seconds. Gathering until the events stop (within a bound) makes that one
 * notification, where a fixed short window made several, each of which slid the ones before it aside. The waiting
 * runs on a background timer, not in a JavaFX animation: any animation, even a pause, keeps JavaFX pulsing at 60 Hz
 * while it runs.
 */
final class BurstGatherer<T> {

    /** Runs a task once after a delay, on a background thread. */
    @FunctionalInterface
    interface Timer {
        void schedule(Runnable task, long delayNanos);
    }

    private final Timer timer;
    private final Executor ui;
    private final Consumer<List<T>> sink;
    private final long quietNanos;
    private final long maxNanos;
    private final LongSupplier nanoTime;
    private final List<T> pending = new ArrayList<>();
    private long first;
    private long last;

    BurstGatherer(Timer timer, Executor ui, Duration quiet, Duration max, LongSupplier nanoTime,
                  Consumer<List<T>> sink) {
        this.timer = Objects.requireNonNull(timer, "timer");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.quietNanos = quiet.toNanos();
        this.maxNanos = max.toNanos();
        if (quietNanos <= 0 || maxNanos < quietNanos) {
            throw new IllegalArgumentException("need 0 < quiet <= max, got " + quiet + " and " + max);
        }
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Adds an item to the current burst (starting one if none is open). Any thread. */
    void add(T item) {
        long now = nanoTime.getAsLong();
        boolean opens;
        synchronized (pending) {
            opens = pending.isEmpty();
            pending.add(item);
            last = now;
            if (opens) {
                first = now;
            }
        }
        if (opens) {
            timer.schedule(this::check, quietNanos);
        }
    }

    /** On the timer: delivers the burst when it is due, or looks again when it will be (one timer task at a time). */
    private void check() {
        long now = nanoTime.getAsLong();
        long wait;
        List<T> burst = null;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            wait = Math.min(last + quietNanos, first + maxNanos) - now;
            if (wait <= 0) {
                burst = new ArrayList<>(pending);
                pending.clear();
            }
        }
        if (burst == null) {
            timer.schedule(this::check, wait);
        } else {
            List<T> out = burst;
            ui.execute(() -> sink.accept(out));
        }
    }
}
