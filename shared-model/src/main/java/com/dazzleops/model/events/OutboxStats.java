package com.dazzleops.model.events;

import com.dazzleops.model.json.WireTime;

import java.util.Optional;

/**
 * The {@code stats} of {@code GET /_dazzle/events/outbox} (wire-events §4.6, §10.6), model {@code OutboxStats}.
 *
 * <p>{@code oldest_pending} is the smallest {@code created_at} TEXT among pending rows, <b>passed through
 * verbatim</b>: either Python ISO ({@code 2026-08-22T09:21:07.331842+00:00}) or PostgreSQL text
 * ({@code 2026-08-22 09:21:07.33+00}, space separator, 1-6 fraction digits, offset possibly hours only).
 * {@link WireTime} reads both and keeps the text. {@code publishing} is always 0 in Dazzle.
 *
 * @param pending       rows waiting for the relay (including rows that failed fewer than 5 times)
 * @param publishing    rows being published (never written by Dazzle)
 * @param published     rows published (never cleaned up, grows forever)
 * @param failed        rows that failed 5 times (terminal)
 * @param oldestPending oldest pending {@code created_at} as stored, null when nothing is pending
 */
public record OutboxStats(long pending, long publishing, long published, long failed, WireTime oldestPending) {

    /** All zeros, no pending row: the inactive stats. */
    public static OutboxStats zero() {
        return new OutboxStats(0, 0, 0, 0, null);
    }

    /** Rows of every status. */
    public long total() {
        return pending + publishing + published + failed;
    }

    public Optional<WireTime> oldestPendingTime() {
        return Optional.ofNullable(oldestPending);
    }
}
