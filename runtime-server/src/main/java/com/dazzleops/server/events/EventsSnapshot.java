package com.dazzleops.server.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Figures for {@code /_dazzle/metrics} and readiness, refreshed every two seconds off the request path (scrapes and
 * readiness checks must answer fast even when a backend hangs): outbox counts by state, DLQ size, lag per group, and
 * whether the bus answered.
 */
public final class EventsSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventsSnapshot.class);

    /** One refresh. */
    public record Figures(Map<String, Long> outboxByStatus, long dlqSize, List<EventBus.ConsumerPosition> lag,
                          boolean busReachable, String problem) {
        static final Figures EMPTY = new Figures(Map.of("pending", 0L, "publishing", 0L, "published", 0L, "failed", 0L),
                0, List.of(), false, "event framework not started");
    }

    private final Supplier<EventFramework> framework;
    private final ScheduledExecutorService timer;
    private volatile Figures figures = Figures.EMPTY;
    private volatile String lastLogged;

    public EventsSnapshot(Supplier<EventFramework> framework) {
        this.framework = framework;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "events-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(long periodMs) {
        timer.scheduleWithFixedDelay(this::refresh, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    public Figures figures() {
        return figures;
    }

    /** Recomputes the figures now. */
    public void refresh() {
        EventFramework f = framework.get();
        if (f == null || !f.isRunning() || f.bus() == null) {
            Figures old = figures;
            figures = new Figures(old.outboxByStatus(), old.dlqSize(), old.lag(), false, "event framework not started");
            return;
        }
        Map<String, Long> outbox = figures.outboxByStatus();
        long dlq = figures.dlqSize();
        List<EventBus.ConsumerPosition> lag = figures.lag();
        String problem = null;
        boolean reachable = true;
        try {
            f.bus().ping();
        } catch (Exception e) {
            reachable = false;
            problem = "event bus unreachable";
            log(problem + ": " + Db.oneLine(e));
        }
        try {
            outbox = f.outbox().stats().byStatus();
        } catch (Exception e) {
            problem = problem == null ? "outbox unavailable" : problem;
            log("outbox stats failed: " + Db.oneLine(e));
        }
        if (reachable) {
            try {
                dlq = f.bus().dlq().count(null, null);
                lag = f.bus().consumers();
            } catch (Exception e) {
                problem = problem == null ? "event bus unreachable" : problem;
                reachable = false;
                log("bus figures failed: " + Db.oneLine(e));
            }
        }
        if (problem == null && !f.isHealthy()) {
            problem = "event relay or consumer failing";
        }
        if (problem == null) {
            lastLogged = null;
        }
        figures = new Figures(outbox, dlq, lag, reachable, problem);
    }

    private void log(String msg) {
        if (!msg.equals(lastLogged)) {
            LOG.warn("Event figures: {}", msg);
            lastLogged = msg;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
