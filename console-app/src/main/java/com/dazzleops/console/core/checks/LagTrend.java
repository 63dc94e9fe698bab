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
     * <p>Method: least-squares slope of lag over time. GROWING when the fitted line rises by at least
     * {@code max(5, 10% of the mean lag)} across the window AND the median of the last third of the samples is that
     * much above the median of the first third (a steady climb, not one spike or a saw-tooth of drained bursts).
     * SHRINKING symmetrically. Otherwise STABLE. A lag pinned at 0 is STABLE.
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
        // robust to a single spike or a drained saw-tooth: the median of the last third must differ from the
        // median of the first third as much as the fitted line says
        int third = Math.max(1, n / 3);
        double headMedian = median(s.subList(0, third));
        double tailMedian = median(s.subList(n - third, n));
        if (change >= significant && tailMedian - headMedian >= significant) {
            return GROWING;
        }
        if (-change >= significant && headMedian - tailMedian >= significant) {
            return SHRINKING;
        }
        return STABLE;
    }

    private static double median(List<Point> pts) {
        long[] v = pts.stream().mapToLong(Point::lag).sorted().toArray();
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }
}
