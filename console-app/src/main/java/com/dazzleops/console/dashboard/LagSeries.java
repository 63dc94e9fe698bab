package com.dazzleops.console.dashboard;

import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.monitor.ConsumerKey;

import java.util.List;

/**
 * One consumer group's lag over the chart window, immutable.
 *
 * @param key group and topic
 * @param points oldest first
 * @param trend where it is heading over the window's points
 * @param current the latest lag (-1 when there is no point)
 */
public record LagSeries(ConsumerKey key, List<LagTrend.Point> points, LagTrend trend, long current) {

    public LagSeries {
        points = List.copyOf(points);
    }

    static LagSeries of(ConsumerKey key, List<LagTrend.Point> points) {
        long current = points.isEmpty() ? -1 : points.get(points.size() - 1).lag();
        return new LagSeries(key, points, LagTrend.of(points), current);
    }

    /** "growing", "shrinking", "stable", "not enough samples". */
    public String trendText() {
        return switch (trend) {
            case GROWING -> "growing ▲";
            case SHRINKING -> "shrinking ▼";
            case STABLE -> "stable ▬";
            case UNKNOWN -> "collecting…";
        };
    }
}
