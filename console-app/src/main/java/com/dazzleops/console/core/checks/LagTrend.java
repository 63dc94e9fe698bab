package com.dazzleops.console.core.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a consumer group's lag is heading over a window. A steadily {@link #GROWING} lag is the stuck-consumer
 * signal.
 */
public enum LagTrend {
    GROWING, SHRINKING, STABLE,
    /** Too few samples to say. */
    UNKNOWN;

    /** One lag observation. */
    public record Point(Instant time, long lag) {
    }

    /**
     * Classifies a series of lag samples (any order) with the default sensitivity: at least 3 samples spanning at
     * least 10 s.
     *
     * <p>Method: least-squares slope of lag over time. GROWING when the slope is positive and the lag rose by at
     * least {@code max(5, 10% of the mean lag)} across the window and the last value is above the first, and at
     * least 2/3 of the steps did not go down (a steady climb, not one spike). SHRINKING symmetrically. Otherwise
     * STABLE. A lag pinned at 0 is STABLE.
     */
    public static LagTrend of(List<Point> samples) {
        return of(samples, 3, Duration.ofSeconds(10));
    }

    public static LagTrend of(List<Point> samples, int minSamples, Duration minSpan) {
        if (samples == null || samples.size() < Math.max(2, minSamples)) {
            return UNKNOWN;
        }
        List<Point> s = new ArrayList<>(samples);
        s.sort(Comparator.comparing(Point::time));
        Instant t0 = s.get(0).time();
        Instant t1 = s.get(s.size() - 1).time();
        if (Duration.between(t0, t1).compareTo(minSpan) < 0) {
            return UNKNOWN;
        }
        int n = s.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Point p : s) {
            double x = (p.time().toEpochMilli() - t0.toEpochMilli()) / 1000.0;
            double y = p.lag();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denom = n * sxx - sx * sx;
        if (denom == 0) {
            return UNKNOWN;
        }
        double slope = (n * sxy - sx * sy) / denom; // lag per second
        double mean = sy / n;
        double spanSeconds = (t1.toEpochMilli() - t0.toEpochMilli()) / 1000.0;
        double change = slope * spanSeconds;
        double significant = Math.max(5.0, 0.10 * mean);
        int ups = 0, downs = 0;
        for (int i = 1; i < n; i++) {
            long d = s.get(i).lag() - s.get(i - 1).lag();
            if (d > 0) {
                ups++;
            } else if (d < 0) {
                downs++;
            }
        }
        int steps = n - 1;
        long first = s.get(0).lag();
        long last = s.get(n - 1).lag();
        if (change >= significant && last > first && (steps - downs) * 3 >= steps * 2) {
            return GROWING;
        }
        if (-change >= significant && last < first && (steps - ups) * 3 >= steps * 2) {
            return SHRINKING;
        }
        return STABLE;
    }
}
