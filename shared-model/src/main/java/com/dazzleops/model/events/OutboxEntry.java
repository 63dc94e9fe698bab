package com.dazzleops.model.events;

import com.dazzleops.model.json.WireTime;

import java.util.Optional;

/**
 * One recent row of the transactional outbox, {@code GET /_dazzle/events/outbox} → {@code recent_entries}
 * (wire-events §4.6), model {@code OutboxEntry}.
 *
 * <p>{@code created_at} and {@code published_at} are re-printed in Python ISO form by the server;
 * {@code published_at}'s offset follows the database session time zone (so {@code +01:00} is possible).
 * {@code last_error} stays set after a later successful attempt and is prefixed {@code "Unexpected error: "} for
 * non-bus failures. A {@code failed} row on a PostgreSQL-backed Dazzle may have been delivered (§10.5).
 *
 * @param id          equals the envelope's {@code event_id}
 * @param topic       target bus topic
 * @param eventType   event type
 * @param key         partition key
 * @param status      {@code pending}, {@code publishing}, {@code published} or {@code failed} ({@link OutboxStatus})
 * @param createdAt   when the row was written
 * @param publishedAt when it was published, nullable
 * @param attempts    failed publish attempts so far
 * @param lastError   last failure message, nullable
 */
public record OutboxEntry(String id, String topic, String eventType, String key, String status, WireTime createdAt,
                          WireTime publishedAt, int attempts, String lastError) {

    /** The known status, if {@link #status} names one. */
    public Optional<OutboxStatus> statusValue() {
        return OutboxStatus.fromWire(status);
    }
}
