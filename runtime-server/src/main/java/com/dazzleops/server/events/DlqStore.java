package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/** Dead-letter entries, one per (event, consumer group). */
public interface DlqStore {

    record Entry(String eventId, String topic, String groupId, String reasonCode, String reasonMessage, int attempts,
                 String createdAt, EventEnvelope envelope) {
    }

    /**
     * Files an entry. The JDBC store writes on {@code tx} (atomic with the retry bookkeeping); the Redis store
     * ignores it.
     */
    void add(Connection tx, String topic, String groupId, EventEnvelope envelope, String reasonCode,
             String reasonMessage, int attempts) throws Exception;

    /** Newest first; topic/group null or empty = no filter. */
    List<Entry> list(String topic, String groupId, int offset, int limit) throws Exception;

    long count(String topic, String groupId) throws Exception;

    /** Removes the entry for exactly (event, group) and returns it; empty when there was none. */
    Optional<Entry> remove(String eventId, String groupId) throws Exception;
}
