package com.dazzleops.model.events;

import java.util.List;

/**
 * {@code GET /_dazzle/events/dlq?topic=&limit=} (wire-events §4.7), model {@code DLQResponse}.
 *
 * <p>No paging: at most {@code limit} (1..100, default 20) entries, newest first (PostgreSQL by
 * {@code created_at}; Redis newest first per topic, topics in {@code SCAN} order without a filter). {@code total}
 * counts every entry for the topic filter (or overall), independent of {@code limit}. {@code ?topic=} (empty) means
 * no filter; unknown parameters ({@code group_id}, {@code offset}) are ignored. Real Dazzle answers 500 in states B
 * and C of §3; our server answers {@link #empty()} when inactive.
 *
 * @param entries up to {@code limit} entries (never null)
 * @param total   all matching entries
 */
public record DLQResponse(List<DLQEntry> entries, long total) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 100;

    public DLQResponse {
        entries = WireCollections.list(entries);
    }

    /** {@code {"entries":[],"total":0}}. */
    public static DLQResponse empty() {
        return new DLQResponse(List.of(), 0);
    }

    /** True when more entries exist than were returned (they cannot be paged to; filter by topic instead). */
    public boolean truncated() {
        return total > entries.size();
    }
}
