package com.dazzleops.console.dashboard;

import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.monitor.ConsumerKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the dashboard reads stored lag samples from (the engine's SQLite sample store in the app). Called on a
 * background thread; may block.
 */
@FunctionalInterface
public interface LagHistory {

    /** Lag points per consumer group and topic between {@code from} and {@code to}, oldest first. */
    Map<ConsumerKey, List<LagTrend.Point>> load(String serverId, Instant from, Instant to) throws Exception;

    LagHistory NONE = (id, from, to) -> Map.of();
}
