package com.dazzleops.console.core.monitor;

import com.dazzleops.console.core.checks.Thresholds;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ServerMonitor} polls.
 *
 * @param interval time between polls while the server answers (default 2 s)
 * @param maxBackoff the longest wait between polls while the server is down: the wait doubles from
 *                   {@code interval} per failed poll up to this (default 30 s)
 * @param slowEvery the slow endpoints ({@code /health}, {@code /_dazzle/health}, {@code /_dazzle/stats}, DLQ entries,
 *                  jobs, job runs, approvals) are asked every this many polls (default 10, i.e. every 20 s); the fast
 *                  ones (ready, events status with its DLQ count, consumers, outbox) every poll
 * @param detailEvery a server that is not focused (its dashboard not shown) asks ready, the consumers and the outbox
 *                    (its DB, lag and outbox checks) every this many polls (default 2, i.e. every 4 s: well inside
 *                    the alert hold time), and the events status (bus running, DLQ count) on the polls in between
 *                    and on slow polls; every poll says whether it answers at all. A focused server asks them all
 *                    every poll. 1 = every poll for every server
 * @param trendWindow how far back lag samples are kept for the growing / shrinking / stable trend (default 5 min)
 * @param dlqLimit {@code limit} for {@code /_dazzle/events/dlq} (default 20)
 * @param jobRunsLimit how many newest job runs to inspect for stuck settlements (default 100)
 * @param thresholds the checks' limits
 * @param clock time source (tests pass a fixed or fake clock)
 */
public record MonitorOptions(Duration interval, Duration maxBackoff, int slowEvery, int detailEvery, Duration trendWindow,
                             int dlqLimit, int jobRunsLimit, Thresholds thresholds, Clock clock) {

    public MonitorOptions {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        maxBackoff = maxBackoff == null || maxBackoff.compareTo(interval) < 0 ? interval : maxBackoff;
        slowEvery = Math.max(1, slowEvery);
        detailEvery = Math.max(1, detailEvery);
        trendWindow = trendWindow == null ? Duration.ofMinutes(5) : trendWindow;
        dlqLimit = Math.min(100, Math.max(1, dlqLimit));
        jobRunsLimit = Math.min(100, Math.max(1, jobRunsLimit));
        thresholds = thresholds == null ? Thresholds.DEFAULTS : thresholds;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    public static MonitorOptions defaults() {
        return new MonitorOptions(Duration.ofSeconds(2), Duration.ofSeconds(30), 10, 2, Duration.ofMinutes(5), 20, 100,
                Thresholds.DEFAULTS, Clock.systemUTC());
    }

    public MonitorOptions withInterval(Duration d) {
        return new MonitorOptions(d, maxBackoff, slowEvery, detailEvery, trendWindow, dlqLimit, jobRunsLimit, thresholds, clock);
    }

    public MonitorOptions withMaxBackoff(Duration d) {
        return new MonitorOptions(interval, d, slowEvery, detailEvery, trendWindow, dlqLimit, jobRunsLimit, thresholds, clock);
    }

    public MonitorOptions withSlowEvery(int n) {
        return new MonitorOptions(interval, maxBackoff, n, detailEvery, trendWindow, dlqLimit, jobRunsLimit, thresholds, clock);
    }

    public MonitorOptions withDetailEvery(int n) {
        return new MonitorOptions(interval, maxBackoff, slowEvery, n, trendWindow, dlqLimit, jobRunsLimit, thresholds, clock);
    }

    public MonitorOptions withClock(Clock c) {
        return new MonitorOptions(interval, maxBackoff, slowEvery, detailEvery, trendWindow, dlqLimit, jobRunsLimit, thresholds, c);
    }

    public MonitorOptions withThresholds(Thresholds t) {
        return new MonitorOptions(interval, maxBackoff, slowEvery, detailEvery, trendWindow, dlqLimit, jobRunsLimit, t, clock);
    }

    public MonitorOptions withTrendWindow(Duration d) {
        return new MonitorOptions(interval, maxBackoff, slowEvery, detailEvery, d, dlqLimit, jobRunsLimit, thresholds, clock);
    }

    /** The wait after {@code failures} failed polls in a row: interval × 2^(failures-1), capped at maxBackoff. */
    public Duration backoff(int failures) {
        if (failures <= 0) {
            return interval;
        }
        Duration d = interval;
        for (int i = 1; i < failures && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
