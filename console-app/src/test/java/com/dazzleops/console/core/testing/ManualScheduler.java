package com.dazzleops.console.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link ScheduledExecutorService}: nothing runs until {@link #advance} moves its clock; due tasks
 * then run on the calling thread in time order. Its {@link #clock()} is the same virtual time.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private Instant now;
    private long seq;
    private boolean shutdown;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>(
            Comparator.<Task<?>, Instant>comparing(t -> t.due).thenComparingLong(t -> t.seq));

    public ManualScheduler(Instant start) {
        this.now = start;
    }

    public Clock clock() {
        ManualScheduler self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                synchronized (self) {
                    return self.now;
                }
            }
        };
    }

    public synchronized Instant now() {
        return now;
    }

    /** Runs every task due within {@code d}, moving the clock to each task's time, then to now + d. */
    public void advance(Duration d) {
        Instant end;
        synchronized (this) {
            end = now.plus(d);
        }
        while (true) {
            Task<?> t;
            synchronized (this) {
                t = queue.peek();
                if (t == null || t.due.isAfter(end)) {
                    now = end;
                    return;
                }
                queue.poll();
                if (t.due.isAfter(now)) {
                    now = t.due;
                }
            }
            t.run();
        }
    }

    /** Runs what is due now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    /** Delay of the next live task from now, or null. */
    public synchronized Duration nextDelay() {
        return queue.stream().filter(t -> !t.isCancelled()).map(t -> Duration.between(now, t.due)).min(Comparator.naturalOrder())
                .orElse(null);
    }

    private final class Task<V> implements ScheduledFuture<V>, Runnable {
        final Instant due;
        final long seq;
        final Callable<V> body;
        volatile boolean cancelled;
        volatile boolean done;
        V result;

        Task(Instant due, long seq, Callable<V> body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            try {
                result = body.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                done = true;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(now(), due));
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            cancelled = true;
            return !done;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() throws ExecutionException {
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) {
            return result;
        }
    }

    private synchronized <V> Task<V> add(long delay, TimeUnit unit, Callable<V> c) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        Task<V> t = new Task<>(now.plusNanos(unit.toNanos(Math.max(0, delay))), seq++, c);
        queue.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(delay, unit, () -> {
            command.run();
            return null;
        });
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(delay, unit, callable);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> out = new ArrayList<>(queue);
        queue.clear();
        return out;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        throw new UnsupportedOperationException();
    }
}
