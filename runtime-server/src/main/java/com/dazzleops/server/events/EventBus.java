package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A bus backend: the JDBC bus on the application database ({@link JdbcEventBus}) or Redis Streams
 * ({@link RedisEventBus}). Delivery is at-least-once; the consumer runner's inbox makes effects exactly-once.
 */
public interface EventBus extends AutoCloseable {

    /** The {@code broker_type} of {@code /status}: PostgresBus, SqliteBus or RedisBus. */
    String brokerType();

    /** Tier name for logs ("postgres", "sqlite", "redis"). */
    String tier();

    /** Cheap liveness probe (a query or PING); throws when the backend is unreachable. */
    void ping() throws Exception;

    /**
     * True when events live in the same database as the outbox: the relay then moves rows from the outbox to the
     * bus in one transaction ({@link #publishInTransaction}); otherwise it leases rows ({@code publishing}) and calls
     * {@link #publishExternal}.
     */
    boolean sharesOutboxDatabase();

    /** Appends the rows' envelopes on the relay's connection; an already-present event id is not appended again. */
    void publishInTransaction(Connection tx, List<OutboxStore.Row> rows) throws SQLException;

    /**
     * Publishes to an external bus, each event at most once even when asked twice (crash recovery re-publishes).
     *
     * @return the ids that failed with their error text (empty when all were published)
     */
    java.util.Map<String, String> publishExternal(List<OutboxStore.Row> rows) throws Exception;

    /**
     * True when the bus lost its data since the last call (a Redis restarted without persistence): the relay then
     * re-publishes recently published outbox rows (consumers drop what they already handled). JDBC bus: never.
     */
    default boolean detectDataLoss() throws Exception {
        return false;
    }

    /** Makes sure the consumer group exists (a new group starts at the beginning of the topic). */
    void ensureGroup(String topic, String groupId) throws Exception;

    /**
     * Delivers up to {@code max} undelivered events of (topic, group) to {@code sink} inside a database transaction
     * and moves the group's position past them when the sink returns.
     *
     * @return events delivered; 0 when none; -1 when another instance holds the group right now
     */
    int poll(String topic, String groupId, String consumerName, int max, BatchSink sink) throws Exception;

    /**
     * True when {@link #poll} hands its sink a transaction in which nothing was done yet (the group's position is not
     * part of it), so the sink may roll that transaction back whole instead of to a savepoint of its own.
     */
    default boolean sinkGetsFreshTransaction() {
        return false;
    }

    /** The dead-letter store belonging to this bus. */
    DlqStore dlq();

    // ---- explorer reads ----

    /** Topics with at least one stored event (or a group), ascending by name. */
    List<TopicStat> topics() throws Exception;

    /** One page of a topic, oldest first, with the matching total. */
    TopicPage page(String topic, int offset, int limit, String key, String eventType) throws Exception;

    Optional<StoredEvent> find(String eventId) throws Exception;

    /** One entry per (topic, group), with lag = number of the topic's events after the group's position. */
    List<ConsumerPosition> consumers() throws Exception;

    @Override
    void close();

    /** Receives a batch inside the transaction that will also record the group's new position. */
    @FunctionalInterface
    interface BatchSink {
        void accept(Connection tx, List<EventEnvelope> events) throws Exception;
    }

    record TopicStat(String name, long eventCount, List<String> consumerGroups, long dlqCount, String oldestEvent,
                     String newestEvent) {
    }

    record StoredEvent(EventEnvelope envelope, String topic) {
    }

    record TopicPage(List<StoredEvent> events, long total) {
    }

    record ConsumerPosition(String groupId, String topic, long lastSequence, long lag) {
    }
}
