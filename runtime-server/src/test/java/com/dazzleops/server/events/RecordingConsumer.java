package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A consumer that records each handled event in a table (so duplicates show up) and can be told to fail. */
final class RecordingConsumer implements EventConsumer {

    static final String DDL = "CREATE TABLE IF NOT EXISTS test_handled (group_id TEXT NOT NULL, event_id TEXT NOT NULL,"
            + " n INTEGER NOT NULL DEFAULT 1)";

    private final String topic;
    private final String group;
    final AtomicInteger calls = new AtomicInteger();
    final Set<String> failed = ConcurrentHashMap.newKeySet();
    /** The envelopes as delivered, by event id. */
    final java.util.Map<String, EventEnvelope> seen = new ConcurrentHashMap<>();
    volatile Predicate<EventEnvelope> failWhen = e -> false;

    RecordingConsumer(String topic, String group) {
        this.topic = topic;
        this.group = group;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public String groupId() {
        return group;
    }

    @Override
    public void handle(EventEnvelope event, Connection tx) throws Exception {
        calls.incrementAndGet();
        seen.put(event.eventId().toString(), event);
        if (failWhen.test(event)) {
            failed.add(event.eventId().toString());
            throw new IllegalStateException("simulated failure for " + event.key());
        }
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO test_handled (group_id, event_id) VALUES (?, ?)")) {
            ps.setString(1, group);
            ps.setString(2, event.eventId().toString());
            ps.executeUpdate();
        }
    }
}
