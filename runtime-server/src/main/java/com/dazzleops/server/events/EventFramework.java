package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The event framework of one server instance: outbox, relay, bus and consumer groups (contract wire-events §12).
 *
 * <p>Bus choice as in Dazzle: a non-empty Redis URL selects Redis Streams, otherwise the JDBC bus on the application
 * database (SQLite or PostgreSQL). Outbox, inbox, retries and the projection stay in the database either way.
 */
public final class EventFramework implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFramework.class);

    /** Framework settings. */
    public record Settings(OutboxRelay.Config relay, ConsumerRunner.Config consumer, String redisUrl,
                           String redisKeyPrefix, long redisClaimIdleMs, boolean sharedDatabase,
                           long redisMarkerTtlSeconds) {
        public static Settings defaults() {
            return new Settings(OutboxRelay.Config.defaults(), ConsumerRunner.Config.defaults(), null, "", 30_000,
                    false, RedisEventBus.DEFAULT_MARKER_TTL_S);
        }

        public Settings withRedis(String url, String keyPrefix) {
            return new Settings(relay, consumer, url, keyPrefix, redisClaimIdleMs, sharedDatabase,
                    redisMarkerTtlSeconds);
        }

        public Settings withConsumer(ConsumerRunner.Config c) {
            return new Settings(relay, c, redisUrl, redisKeyPrefix, redisClaimIdleMs, sharedDatabase,
                    redisMarkerTtlSeconds);
        }

        public Settings withRelay(OutboxRelay.Config r) {
            return new Settings(r, consumer, redisUrl, redisKeyPrefix, redisClaimIdleMs, sharedDatabase,
                    redisMarkerTtlSeconds);
        }

        public Settings withClaimIdleMs(long ms) {
            return new Settings(relay, consumer, redisUrl, redisKeyPrefix, ms, sharedDatabase, redisMarkerTtlSeconds);
        }

        /** Several server instances share the database: startup recovery only touches expired leases. */
        public Settings withSharedDatabase(boolean shared) {
            return new Settings(relay, consumer, redisUrl, redisKeyPrefix, redisClaimIdleMs, shared,
                    redisMarkerTtlSeconds);
        }

        /**
         * How long the Redis bus keeps an event's marker (its republish window; a field of its second's hash, or a
         * key), in seconds.
         */
        public Settings withRedisMarkerTtl(long seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("marker lifetime must be at least 1 s, not " + seconds);
            }
            return new Settings(relay, consumer, redisUrl, redisKeyPrefix, redisClaimIdleMs, sharedDatabase, seconds);
        }
    }

    /** Outcome of a replay request, in the contract's words (wire-events §4.8). */
    public record ReplayOutcome(boolean success, String text) {
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Settings settings;
    private final OutboxStore outbox;
    private final List<EventConsumer> consumers = new ArrayList<>();
    private final Map<String, ConsumerRunner> runners = new LinkedHashMap<>();
    private volatile EventBus bus;
    private volatile OutboxRelay relay;
    private volatile boolean running;

    public EventFramework(DataSource dataSource, SqlDialect dialect, Settings settings) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.settings = settings;
        this.outbox = new OutboxStore(dataSource, dialect);
    }

    public synchronized void register(EventConsumer consumer) {
        if (running) {
            throw new IllegalStateException("register consumers before start()");
        }
        consumers.add(consumer);
    }

    /** Connects the bus, recovers the outbox, starts the relay and the consumer groups. */
    public synchronized void start() throws Exception {
        if (running) {
            return;
        }
        LOG.info("Starting event framework");
        EventBus b = settings.redisUrl() != null && !settings.redisUrl().isBlank()
                ? new RedisEventBus(settings.redisUrl(), settings.redisKeyPrefix(), dataSource, dialect,
                settings.redisClaimIdleMs(), 200, 10_000, settings.redisMarkerTtlSeconds())
                : new JdbcEventBus(dataSource, dialect);
        try {
            b.ping();
            int recovered = outbox.recoverStuckPublishing(settings.sharedDatabase());
            if (recovered > 0) {
                LOG.warn("Recovered {} outbox row(s) left in publishing by a previous run", recovered);
            }
            bus = b;
            relay = new OutboxRelay(outbox, b, settings.relay(), this::nudgeConsumers);
            relay.start();
            for (EventConsumer c : consumers) {
                ConsumerRunner r = new ConsumerRunner(c, b, dataSource, dialect, settings.consumer());
                r.start();
                runners.put(c.groupId(), r);
            }
        } catch (Exception e) {
            stopParts();
            b.close();
            bus = null;
            throw e;
        }
        running = true;
        LOG.info("Event framework started (tier={}, bus_type={}, publisher_running={}, consumer_count={})",
                b.tier(), b.brokerType(), relay.isRunning(), runners.size());
    }

    private void stopParts() {
        for (ConsumerRunner r : runners.values()) {
            r.stop();
        }
        runners.clear();
        if (relay != null) {
            relay.stop();
            relay = null;
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        LOG.info("Stopping event framework");
        running = false;
        stopParts();
        if (bus != null) {
            bus.close();
        }
        LOG.info("Event framework stopped");
    }

    /**
     * On SQLite, the in-process writer gate the relay and consumers share; producers that take it around their
     * write transactions avoid SQLite's sleeping busy handler (null on PostgreSQL).
     */
    public java.util.concurrent.locks.Lock sqliteWriteGate() {
        return dialect == SqlDialect.SQLITE ? Db.sqliteGate(dataSource) : null;
    }

    public boolean isRunning() {
        return running;
    }

    public EventBus bus() {
        return bus;
    }

    public OutboxStore outbox() {
        return outbox;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public Optional<OutboxRelay> relay() {
        return Optional.ofNullable(relay);
    }

    public Map<String, ConsumerRunner> runners() {
        return Map.copyOf(runners);
    }

    /** (topic, group) pairs this instance runs. */
    public List<EventConsumer> consumers() {
        return List.copyOf(consumers);
    }

    /** Writes events to the outbox on the caller's transaction; call {@link #nudgeRelay()} after commit. */
    public void append(Connection tx, String topic, List<EventEnvelope> events) throws SQLException {
        outbox.append(tx, topic, events);
    }

    /**
     * Serialises events ahead of the transaction that appends them ({@link OutboxStore#prepare}): on SQLite that
     * transaction holds the only writer, which the relay and the consumers wait for.
     */
    public static OutboxStore.Prepared prepare(List<EventEnvelope> events) {
        return OutboxStore.prepare(events);
    }

    /** {@link #append(Connection, String, List)} of events {@link #prepare}d beforehand. */
    public void append(Connection tx, String topic, OutboxStore.Prepared events) throws SQLException {
        outbox.append(tx, topic, events);
    }

    public void nudgeRelay() {
        OutboxRelay r = relay;
        if (r != null) {
            r.nudge();
        }
    }

    void nudgeConsumers() {
        for (ConsumerRunner r : runners.values()) {
            r.nudge();
        }
    }

    /**
     * Replay of one DLQ entry: removes it and re-queues the event to the group's consumer on this instance; the
     * consumer runs it on its own thread (never inside the request).
     */
    public ReplayOutcome replay(String eventId, String groupId) {
        EventBus b = bus;
        if (!running || b == null) {
            return new ReplayOutcome(false, "Event system not running");
        }
        ConsumerRunner runner = runners.get(groupId);
        try {
            if (runner == null) {
                throw new IllegalStateException("no consumer for group " + groupId + " on this instance");
            }
            if (dialect == SqlDialect.POSTGRES || b instanceof JdbcEventBus) {
                UUID.fromString(eventId); // PostgreSQL parses the id first: a malformed one is a failure
            }
            Optional<DlqStore.Entry> removed = b.dlq().remove(eventId, groupId);
            if (removed.isEmpty()) {
                return new ReplayOutcome(false, "Event " + eventId + " not found in DLQ");
            }
            DlqStore.Entry e = removed.get();
            try {
                ConsumerRunner.requeue(dataSource, dialect, runner.consumer().topic(), groupId, e.envelope());
            } catch (Exception requeueFailed) {
                restore(b, e);
                throw requeueFailed;
            }
            runner.retryQueued();
            return new ReplayOutcome(true, "Event " + eventId + " replayed successfully");
        } catch (Exception ex) {
            LOG.warn("DLQ replay failed for event {}: {}", eventId, Db.oneLine(ex));
            return new ReplayOutcome(false, "Replay failed");
        }
    }

    private void restore(EventBus b, DlqStore.Entry e) {
        Connection c = null;
        try {
            c = Db.begin(dataSource, dialect);
            b.dlq().add(c, e.topic(), e.groupId(), e.envelope(), e.reasonCode(), e.reasonMessage(), e.attempts());
            c.commit();
        } catch (Exception again) {
            LOG.error("DLQ entry {} for {} could not be restored after a failed replay: {}", e.eventId(), e.groupId(),
                    Db.oneLine(again));
        } finally {
            Db.release(c);
        }
    }

    /** True when the bus answers and the relay's and consumers' last rounds succeeded. */
    public boolean isHealthy() {
        OutboxRelay r = relay;
        if (!running || r == null || !r.isHealthy()) {
            return false;
        }
        for (ConsumerRunner c : runners.values()) {
            if (!c.isHealthy()) {
                return false;
            }
        }
        return true;
    }
}
