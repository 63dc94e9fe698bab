package com.dazzleops.console.fx;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a UI task every {@code period} while a page is shown: the timer lives on the background scheduler, the task
 * runs through the UI executor. {@link #start()} on show, {@link #stop()} on hide; both are idempotent.
 */
public final class ShownTicker {

    private final ScheduledExecutorService scheduler;
    private final Executor ui;
    private final Duration period;
    private final Runnable task;
    private ScheduledFuture<?> future;

    public ShownTicker(ScheduledExecutorService scheduler, Executor ui, Duration period, Runnable task) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.period = Objects.requireNonNull(period, "period");
        this.task = Objects.requireNonNull(task, "task");
    }

    public synchronized void start() {
        if (future == null) {
            long ms = period.toMillis();
            future = scheduler.scheduleWithFixedDelay(() -> ui.execute(task), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (future != null) {
            future.cancel(false);
            future = null;
        }
    }

    public synchronized boolean running() {
        return future != null;
    }
}
