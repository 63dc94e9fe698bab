package com.dazzleops.console.core.client;

import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The clock of the transport's connection pools' housekeeping (closing connections idle past their keep-alive, or
 * beyond the pool's idle limit), which wakes up on its own schedule instead of after every request.
 *
 * <p>Why: an OkHttp pool schedules its sweep "now" every time a call hands its connection back, and OkHttp's shared
 * task runner wakes its coordinator thread for it, which starts another thread to take over coordinating and runs
 * the sweep: two thread wake-ups and two thread renames per request. A console watching fifty servers makes ~60
 * requests a second, so that bookkeeping was 0.5-0.8 % of a core (11 % of the console's CPU in a profile), for
 * sweeps that find nothing to close: every connection is reused within seconds and the keep-alive is minutes.
 *
 * <p>This runs the same OkHttp tasks, on threads of its own, but a task scheduled earlier than the coordinator's next
 * wake-up does not wake it: the coordinator sleeps until the earliest task it knew of, and at most the sweep period
 * given to the constructor. So a connection idle past its keep-alive (or surplus to the idle limit) is closed up to
 * one sweep period later than OkHttp would have, and nothing else changes: requests never wait for housekeeping.
 * (The pool's constructor taking a task runner, and the runner's backend, are OkHttp's internal API: the version is
 * pinned in the parent POM, and {@code PoolHousekeepingTest} checks that idle and surplus connections are still
 * closed and that a request wakes nothing.)
 */
final class PoolHousekeeping implements TaskRunner.Backend {

    private final long sweepNanos;
    private final ThreadPoolExecutor threads;
    private final TaskRunner runner;
    private final java.util.concurrent.atomic.AtomicLong wakeUps = new java.util.concurrent.atomic.AtomicLong();

    PoolHousekeeping(Duration sweep) {
        this.sweepNanos = sweep.toNanos();
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dazzle-http-pool-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.runner = new TaskRunner(this, Logger.getLogger(PoolHousekeeping.class.getName()));
    }

    /** A pool whose housekeeping runs on this clock. */
    ConnectionPool newPool(int maxIdle, Duration keepAlive) {
        return new ConnectionPool(maxIdle, keepAlive.toMillis(), TimeUnit.MILLISECONDS, runner,
                ConnectionListener.Companion.getNONE());
    }

    /** How many times the coordinator woke up so far (for tests). */
    long wakeUps() {
        return wakeUps.get();
    }

    void close() {
        threads.shutdownNow();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Not woken: a task due sooner than the coordinator's wake-up waits for it (at most one sweep period). */
    @Override
    public void coordinatorNotify(TaskRunner taskRunner) {
        // deliberately nothing
    }

    /** Called with the runner's monitor held, as OkHttp's own backend is. */
    @Override
    public void coordinatorWait(TaskRunner taskRunner, long nanos) {
        long wait = Math.min(nanos, sweepNanos);
        if (wait <= 0) {
            return;
        }
        try {
            // the runner re-checks its queues after every wake-up, spurious ones included
            taskRunner.wait(wait / 1_000_000, (int) (wait % 1_000_000));
            wakeUps.incrementAndGet();
        } catch (InterruptedException e) {
            // closing: OkHttp's runner cancels its tasks on this exception (its own backend lets it through too)
            throw PoolHousekeeping.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }

    @Override
    public <T> BlockingQueue<T> decorate(BlockingQueue<T> queue) {
        return queue;
    }

    @Override
    public void execute(TaskRunner taskRunner, Runnable runnable) {
        try {
            threads.execute(runnable);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closed: a call still finishing hands its connection back; nothing is kept alive any more anyway
        }
    }
}
