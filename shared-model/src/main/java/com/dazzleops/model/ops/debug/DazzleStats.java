package com.dazzleops.model.ops.debug;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;

/**
 * {@code GET /_dazzle/stats} (wire-ops §2.4): per-entity row counts.
 *
 * <p>Quirks: {@code app_description} carries the AppSpec <em>title</em>; {@code uptime_seconds} is a float at full
 * precision; a failing per-entity count silently reads {@code count: 0, has_fts: false} (real Dazzle's unquoted
 * identifiers make that common for mixed-case names), so {@code total_records} is not to be trusted against the
 * list. A failure to get a connection is a 500 {@link com.dazzleops.model.errors.ErrorBody}.
 *
 * @param appName AppSpec {@code name}
 * @param appDescription AppSpec {@code title}, nullable
 * @param uptimeSeconds seconds since boot (float)
 * @param entities one per runtime entity, in entity order
 * @param totalRecords the sum of successful counts
 */
public record DazzleStats(String appName, String appDescription, Double uptimeSeconds, List<EntityCount> entities,
                          long totalRecords) {

    public DazzleStats {
        entities = OpsCollections.list(entities);
    }

    /** Builds the body with {@code total_records} as the sum of the counts. */
    public static DazzleStats of(String appName, String appTitle, double uptimeSeconds, List<EntityCount> entities) {
        long total = entities.stream().mapToLong(EntityCount::count).sum();
        return new DazzleStats(appName, appTitle, uptimeSeconds, entities, total);
    }

    /**
     * One element of {@code entities}.
     *
     * @param name entity name
     * @param count {@code COUNT(*)}, {@code 0} on any error
     * @param hasFts whether the {@code <entity>_fts} table answered
     */
    public record EntityCount(String name, long count, boolean hasFts) {
    }
}
