package com.dazzleops.model.events;

import java.util.List;

/**
 * {@code GET /_dazzle/events/outbox} (wire-events §4.6), model {@code OutboxResponse}: counts per status and the
 * {@value #RECENT_ENTRIES_LIMIT} most recent rows of any status, newest first by {@code created_at}. It needs only
 * the outbox, not the bus, so Dazzle degrades to zero stats in more states than the other routes (§3); our server
 * answers {@link #inactive()} whenever its event system is not running.
 *
 * @param stats         counts per status
 * @param recentEntries up to 10 rows, newest first (never null)
 */
public record OutboxResponse(OutboxStats stats, List<OutboxEntry> recentEntries) {

    /** Rows listed in {@code recent_entries}. */
    public static final int RECENT_ENTRIES_LIMIT = 10;

    public OutboxResponse {
        stats = stats == null ? OutboxStats.zero() : stats;
        recentEntries = WireCollections.list(recentEntries);
    }

    /** Zero stats, {@code oldest_pending} null, no entries. */
    public static OutboxResponse inactive() {
        return new OutboxResponse(OutboxStats.zero(), List.of());
    }
}
