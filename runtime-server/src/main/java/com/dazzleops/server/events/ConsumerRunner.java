package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.json.Wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one consumer group on this instance: polls the bus, applies the handler with inbox idempotency, parks
 * failures in {@code _dazzle_event_retry} with exponential backoff, dead-letters after the retry budget, and serves
 * replays (which are re-queued retry rows, handled here, never inside the HTTP request).
 */
public final class ConsumerRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRunner.class);
    public static final String REASON_HANDLER_ERROR = "HANDLER_ERROR";

    /** Runner settings. */
    public record Config(int batchSize, long pollIntervalMs, int retryBudget, long backoffBaseMs, long backoffCapMs) {
        public static Config defaults() {
            return new Config(500, 100, 5, 500, 30_000);
        }
    }

    private static final ThreadLocal<Integer> ATTEMPT = ThreadLocal.withInitial(() -> 1);

    /** The attempt (1-based) of the handler call running on this thread. */
    public static int currentAttempt() {
        return ATTEMPT.get();
    }

    private final EventConsumer consumer;
    private final EventBus bus;
    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Config config;
    private final String consumerName;
    /** Pause after a wake-up so that many small commits are handled as one batch (one write transaction). */
    static final long COALESCE_MS = 3;
    private final Signal wake = new Signal();
    /** Work to run once the current transaction committed (runner thread only). */
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean running;
    private volatile boolean healthy = true;
    private volatile String lastError;
    private Thread thread;

    public ConsumerRunner(EventConsumer consumer, EventBus bus, DataSource dataSource, SqlDialect dialect,
                          Config config) {
        this.consumer = consumer;
        this.bus = bus;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.config = config;
        this.consumerName = consumer.groupId() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public EventConsumer consumer() {
        return consumer;
    }

    int budget() {
        return consumer.retryBudget() > 0 ? consumer.retryBudget() : config.retryBudget();
    }

    public synchronized void start() throws Exception {
        if (running) {
            return;
        }
        bus.ensureGroup(consumer.topic(), consumer.groupId());
        running = true;
        thread = new Thread(this, "consumer-" + consumer.groupId());
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        wake.raise();
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void nudge() {
        wake.raise();
    }

    public boolean isHealthy() {
        return healthy;
    }

    public String lastError() {
        return lastError;
    }

    public long handledCount() {
        return handled.get();
    }

    public long deadLetteredCount() {
        return deadLettered.get();
    }

    @Override
    public void run() {
        boolean groupReady = true;
        int errors = 0;
        while (running) {
            try {
                if (!groupReady) {
                    bus.ensureGroup(consumer.topic(), consumer.groupId());
                    groupReady = true;
                }
                int n = pollOnce();
                int r = processDueRetries();
                healthy = true;
                errors = 0;
                if (n < config.batchSize() && r == 0) {
                    wake.await(config.pollIntervalMs());
                    Thread.sleep(COALESCE_MS); // let a burst of small commits gather into one batch
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (Exception e) {
                errors++;
                healthy = false;
                groupReady = !(e.getMessage() != null && e.getMessage().contains("NOGROUP"));
                lastError = Db.oneLine(e);
                if (errors == 1 || errors % 30 == 0) {
                    LOG.warn("Consumer loop error for {}/{} ({} consecutive): {}", consumer.topic(),
                            consumer.groupId(), errors, lastError);
                }
                try {
                    wake.await(Math.min(500L << Math.min(errors - 1, 6), 15_000));
                } catch (InterruptedException ie) {
                    if (!running) {
                        break;
                    }
                }
            }
        }
    }

    /** Delivers one batch of new events; returns how many the bus delivered (-1: another instance holds the group). */
    public int pollOnce() throws Exception {
        afterCommit.clear();
        int n = bus.poll(consumer.topic(), consumer.groupId(), consumerName, config.batchSize(), this::applyBatch);
        runAfterCommit();
        return n;
    }

    private void runAfterCommit() {
        for (Runnable r : afterCommit) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("after-commit callback of {} failed: {}", consumer.groupId(), Db.oneLine(e));
            }
        }
        afterCommit.clear();
    }

    private static final String INBOX_INSERT = "INSERT INTO _dazzle_event_inbox (event_id, consumer_name,"
            + " processed_at, result) VALUES (?, ?, ?, 'success') ON CONFLICT (event_id, consumer_name) DO NOTHING";

    /**
     * Fast path: the whole batch in one go (under a savepoint, unless the bus hands over a transaction of its own that
     * may be rolled back whole); on any handler failure, redo it event by event. On the Redis bus the savepoint and
     * its release were two of the batch's five database round trips, about 13 % of the consumer thread's CPU.
     */
    void applyBatch(Connection tx, List<EventEnvelope> events) throws Exception {
        ATTEMPT.set(1);
        if (!consumer.transactional()) {
            enqueueWork(tx, events);
            return;
        }
        Savepoint batchStart = bus.sinkGetsFreshTransaction() ? null : tx.setSavepoint();
        // one statement for the whole batch; when every row is new (the normal case) all handlers run, otherwise
        // (a redelivery, or the same event twice in the batch) the event-by-event path below sorts it out
        boolean failed;
        try {
            failed = insertInboxBatch(tx, events) != events.size();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) { // PostgreSQL's plain insert met an existing row: slow path
                throw e;
            }
            failed = true;
        }
        int applied = 0;
        for (int i = 0; i < events.size() && !failed; i++) {
            try {
                consumer.handle(events.get(i), tx);
                applied++;
            } catch (Exception ex) {
                failed = true;
                break;
            }
        }
        if (!failed) {
            if (batchStart != null) {
                tx.releaseSavepoint(batchStart);
            }
            handled.addAndGet(applied);
            return;
        }
        if (batchStart != null) {
            tx.rollback(batchStart);
        } else {
            tx.rollback(); // nothing but this batch's attempt was in it; the slow path runs in a new transaction
        }
        for (EventEnvelope e : events) {
            applyOne(tx, e);
        }
    }

    /** Slow path for one event: inbox row + handler under a savepoint; a failure parks it for retry. */
    private void applyOne(Connection tx, EventEnvelope e) throws SQLException {
        Savepoint sp = tx.setSavepoint();
        try {
            if (!insertInbox(tx, e)) {
                tx.releaseSavepoint(sp);
                return;
            }
            consumer.handle(e, tx);
            tx.releaseSavepoint(sp);
            handled.incrementAndGet();
        } catch (Exception ex) {
            tx.rollback(sp);
            failures.incrementAndGet();
            String msg = messageOf(ex);
            LOG.info("Error processing event {} in {} (attempt 1/{}): {}", e.eventId(), consumer.groupId(), budget(), msg);
            if (budget() <= 1) {
                deadLetter(tx, e, msg, 1);
            } else {
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO _dazzle_event_retry (event_id, group_id,"
                        + " topic, envelope_json, attempts, next_attempt_ms, last_error) VALUES (?, ?, ?, ?, 1, ?, ?)"
                        + " ON CONFLICT (event_id, group_id) DO NOTHING")) {
                    ps.setString(1, e.eventId().toString());
                    ps.setString(2, consumer.groupId());
                    ps.setString(3, consumer.topic());
                    ps.setString(4, Wire.write(e));
                    ps.setLong(5, System.currentTimeMillis() + backoffMs(1));
                    ps.setString(6, msg);
                    ps.executeUpdate();
                }
            }
        }
    }

    /**
     * Inbox rows for a whole batch in one statement (ids as a text[] / JSON array); returns the rows inserted. On
     * PostgreSQL a plain insert: a row that already exists (a redelivery) fails the statement with a unique violation,
     * which sends the caller to the event-by-event path like a short count would. {@code ON CONFLICT DO NOTHING}
     * cost a speculative insertion per row (an index probe before the insert and a confirmation record after it):
     * 5.2 to 3.3 us of PostgreSQL CPU per event for a 1,000-row batch.
     */
    private int insertInboxBatch(Connection tx, List<EventEnvelope> events) throws SQLException {
        List<String> ids = new ArrayList<>(events.size());
        for (EventEnvelope e : events) {
            ids.add(e.eventId().toString());
        }
        String sql = dialect == SqlDialect.POSTGRES
                ? "INSERT INTO _dazzle_event_inbox (event_id, consumer_name, processed_at, result) SELECT x, ?, ?,"
                + " 'success' FROM unnest(?::text[]) AS t(x)"
                : "INSERT INTO _dazzle_event_inbox (event_id, consumer_name, processed_at, result) SELECT value, ?, ?,"
                + " 'success' FROM json_each(?) WHERE true ON CONFLICT (event_id, consumer_name) DO NOTHING";
        try (PreparedStatement ps = Db.cached(tx, sql)) {
            ps.setString(1, consumer.groupId());
            ps.setString(2, Db.nowIso());
            if (dialect == SqlDialect.POSTGRES) {
                ps.setArray(3, tx.createArrayOf("text", ids.toArray()));
            } else {
                ps.setString(3, Wire.write(ids));
            }
            return ps.executeUpdate();
        }
    }

    private boolean insertInbox(Connection tx, EventEnvelope e) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(INBOX_INSERT)) {
            ps.setString(1, e.eventId().toString());
            ps.setString(2, consumer.groupId());
            ps.setString(3, Db.nowIso());
            return ps.executeUpdate() > 0;
        }
    }

    private void deadLetter(Connection tx, EventEnvelope e, String msg, int attempts) throws SQLException {
        try {
            bus.dlq().add(tx, consumer.topic(), consumer.groupId(), e, REASON_HANDLER_ERROR, msg, attempts);
        } catch (SQLException | RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new SQLException("dead-letter write failed: " + Db.oneLine(ex), ex);
        }
        deadLettered.incrementAndGet();
        // the callback runs after our transaction commits (it may write through other connections)
        afterCommit.add(() -> consumer.onDeadLetter(e, msg, attempts));
        LOG.warn("Event {} dead-lettered for {} after {} attempt(s): {}", e.eventId(), consumer.groupId(), attempts, msg);
    }

    /** Non-transactional consumers: each wanted event becomes a work item (a retry row due now, attempts 0). */
    private void enqueueWork(Connection tx, List<EventEnvelope> events) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO _dazzle_event_retry (event_id, group_id, topic,"
                + " envelope_json, attempts, next_attempt_ms, last_error) VALUES (?, ?, ?, ?, 0, 0, NULL)"
                + " ON CONFLICT (event_id, group_id) DO NOTHING")) {
            int n = 0;
            for (EventEnvelope e : events) {
                if (!consumer.wants(e)) {
                    continue;
                }
                ps.setString(1, e.eventId().toString());
                ps.setString(2, consumer.groupId());
                ps.setString(3, consumer.topic());
                ps.setString(4, Wire.write(e));
                ps.addBatch();
                n++;
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Lease while a non-transactional handler runs; a crashed instance's item becomes due again after it. */
    static final long WORK_LEASE_MS = 120_000;

    /** Runs due work items of a non-transactional consumer: claim (short tx), handle (no tx), record (short tx). */
    private int processDueWork() throws Exception {
        long now = System.currentTimeMillis();
        record Item(String eventId, String envelope, int attempts) {
        }
        List<Item> items = new ArrayList<>();
        Connection tx = Db.begin(dataSource, dialect);
        try {
            String pick = "SELECT event_id, envelope_json, attempts FROM _dazzle_event_retry WHERE group_id = ?"
                    + " AND next_attempt_ms <= ? ORDER BY next_attempt_ms LIMIT 10"
                    + (dialect == SqlDialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "");
            if (dialect == SqlDialect.SQLITE) {
                try (PreparedStatement ps = tx.prepareStatement("UPDATE _dazzle_event_retry SET attempts = attempts"
                        + " WHERE group_id = ? AND next_attempt_ms <= ?")) {
                    ps.setString(1, consumer.groupId());
                    ps.setLong(2, now);
                    if (ps.executeUpdate() == 0) {
                        tx.rollback();
                        return 0;
                    }
                }
            }
            try (PreparedStatement ps = tx.prepareStatement(pick)) {
                ps.setString(1, consumer.groupId());
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Item(rs.getString(1), rs.getString(2), rs.getInt(3)));
                    }
                }
            }
            try (PreparedStatement ps = tx.prepareStatement("UPDATE _dazzle_event_retry SET next_attempt_ms = ?"
                    + " WHERE event_id = ? AND group_id = ?")) {
                for (Item i : items) {
                    ps.setLong(1, now + WORK_LEASE_MS);
                    ps.setString(2, i.eventId());
                    ps.setString(3, consumer.groupId());
                    ps.addBatch();
                }
                if (!items.isEmpty()) {
                    ps.executeBatch();
                }
            }
            tx.commit();
        } finally {
            Db.release(tx);
        }
        for (Item i : items) {
            EventEnvelope e;
            try {
                e = EventEnvelope.fromJson(i.envelope());
            } catch (IllegalArgumentException bad) {
                finishWork(i.eventId(), null, null, 0);
                continue;
            }
            boolean done = alreadyProcessed(e);
            String error = null;
            if (!done) {
                try {
                    ATTEMPT.set(i.attempts() + 1);
                    consumer.handle(e, null);
                    handled.incrementAndGet();
                } catch (Exception ex) {
                    failures.incrementAndGet();
                    error = messageOf(ex);
                }
            }
            finishWork(i.eventId(), e, error, i.attempts() + 1);
        }
        return items.size();
    }

    private boolean alreadyProcessed(EventEnvelope e) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM _dazzle_event_inbox WHERE event_id = ?"
                     + " AND consumer_name = ?")) {
            ps.setString(1, e.eventId().toString());
            ps.setString(2, consumer.groupId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records a work item's outcome: done (inbox + delete), retry later (backoff), or dead-letter. */
    private void finishWork(String eventId, EventEnvelope e, String error, int attempts) throws SQLException {
        Connection tx = Db.begin(dataSource, dialect);
        try {
            if (e == null) {
                deleteRetry(tx, eventId);
            } else if (error == null) {
                insertInbox(tx, e);
                deleteRetry(tx, eventId);
            } else if (attempts >= budget()) {
                deadLetter(tx, e, error, attempts);
                deleteRetry(tx, eventId);
            } else {
                LOG.info("Error processing event {} in {} (attempt {}/{}): {}", eventId, consumer.groupId(), attempts,
                        budget(), error);
                try (PreparedStatement ps = tx.prepareStatement("UPDATE _dazzle_event_retry SET attempts = ?,"
                        + " next_attempt_ms = ?, last_error = ? WHERE event_id = ? AND group_id = ?")) {
                    ps.setInt(1, attempts);
                    ps.setLong(2, System.currentTimeMillis() + backoffMs(attempts));
                    ps.setString(3, error);
                    ps.setString(4, eventId);
                    ps.setString(5, consumer.groupId());
                    ps.executeUpdate();
                }
            }
            tx.commit();
        } finally {
            Db.release(tx);
        }
        runAfterCommit();
    }

    /** Re-runs due retries (and replays) of this group; returns how many were attempted. */
    public int processDueRetries() throws Exception {
        long now = System.currentTimeMillis();
        if (!retryHint && now < nextRetryCheck) {
            return 0;
        }
        retryHint = false;
        nextRetryCheck = now + retryCheckMs();
        if (!anyDue()) {
            return 0; // a plain read: no write transaction (SQLite's single writer stays free)
        }
        retryHint = true; // more may be due after this round
        afterCommit.clear();
        try {
            return consumer.transactional() ? processDueTransactional() : processDueWork();
        } finally {
            runAfterCommit();
        }
    }

    /**
     * Set when this runner has reason to look for due retries now (start, a replay queued, a round that found some);
     * otherwise the retry table is read at most every {@link #retryCheckMs()} instead of after every poll (a query on
     * its own connection per batch, which at small batches cost as much as the batch itself).
     */
    private volatile boolean retryHint = true;
    private long nextRetryCheck;

    /** Half the retry backoff base, between 5 and 100 ms: a due retry waits at most that long on top of its backoff. */
    long retryCheckMs() {
        return Math.max(5, Math.min(config.backoffBaseMs() / 2, 100));
    }

    /** A retry or replay for this group was queued: look at the retry table on the next round. */
    void retryQueued() {
        retryHint = true;
        wake.raise();
    }

    private boolean anyDue() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM _dazzle_event_retry WHERE group_id = ?"
                     + " AND next_attempt_ms <= ? LIMIT 1")) {
            ps.setString(1, consumer.groupId());
            ps.setLong(2, System.currentTimeMillis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private int processDueTransactional() throws Exception {
        long now = System.currentTimeMillis();
        Connection tx = Db.begin(dataSource, dialect);
        try {
            if (dialect == SqlDialect.SQLITE) {
                try (PreparedStatement ps = tx.prepareStatement("UPDATE _dazzle_event_retry SET attempts = attempts"
                        + " WHERE group_id = ? AND next_attempt_ms <= ?")) {
                    ps.setString(1, consumer.groupId());
                    ps.setLong(2, now);
                    if (ps.executeUpdate() == 0) {
                        tx.rollback();
                        return 0;
                    }
                }
            }
            record Due(String eventId, String envelope, int attempts) {
            }
            List<Due> due = new ArrayList<>();
            try (PreparedStatement ps = tx.prepareStatement("SELECT event_id, envelope_json, attempts FROM"
                    + " _dazzle_event_retry WHERE group_id = ? AND next_attempt_ms <= ? ORDER BY next_attempt_ms"
                    + " LIMIT 50" + (dialect == SqlDialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : ""))) {
                ps.setString(1, consumer.groupId());
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Due(rs.getString(1), rs.getString(2), rs.getInt(3)));
                    }
                }
            }
            if (due.isEmpty()) {
                tx.rollback();
                return 0;
            }
            for (Due d : due) {
                EventEnvelope e;
                try {
                    e = EventEnvelope.fromJson(d.envelope());
                } catch (IllegalArgumentException bad) {
                    deleteRetry(tx, d.eventId());
                    LOG.warn("Dropping unreadable retry row {} of {}: {}", d.eventId(), consumer.groupId(), bad.getMessage());
                    continue;
                }
                Savepoint sp = tx.setSavepoint();
                try {
                    if (insertInbox(tx, e)) {
                        ATTEMPT.set(d.attempts() + 1);
                        consumer.handle(e, tx);
                        handled.incrementAndGet();
                    }
                    tx.releaseSavepoint(sp);
                    deleteRetry(tx, d.eventId());
                } catch (Exception ex) {
                    tx.rollback(sp);
                    failures.incrementAndGet();
                    int attempts = d.attempts() + 1;
                    String msg = messageOf(ex);
                    if (attempts >= budget()) {
                        deadLetter(tx, e, msg, attempts);
                        deleteRetry(tx, d.eventId());
                    } else {
                        LOG.info("Error processing event {} in {} (attempt {}/{}): {}", e.eventId(),
                                consumer.groupId(), attempts, budget(), msg);
                        try (PreparedStatement ps = tx.prepareStatement("UPDATE _dazzle_event_retry SET attempts = ?,"
                                + " next_attempt_ms = ?, last_error = ? WHERE event_id = ? AND group_id = ?")) {
                            ps.setInt(1, attempts);
                            ps.setLong(2, System.currentTimeMillis() + backoffMs(attempts));
                            ps.setString(3, msg);
                            ps.setString(4, d.eventId());
                            ps.setString(5, consumer.groupId());
                            ps.executeUpdate();
                        }
                    }
                }
            }
            tx.commit();
            return due.size();
        } finally {
            Db.release(tx);
        }
    }

    private void deleteRetry(Connection tx, String eventId) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM _dazzle_event_retry WHERE event_id = ?"
                + " AND group_id = ?")) {
            ps.setString(1, eventId);
            ps.setString(2, consumer.groupId());
            ps.executeUpdate();
        }
    }

    long backoffMs(int attempts) {
        long b = config.backoffBaseMs() << Math.min(Math.max(attempts - 1, 0), 20);
        return Math.min(b, config.backoffCapMs());
    }

    private static String messageOf(Exception ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    /**
     * Re-queues a dead-lettered event for this group: a retry row due now (attempt count restarts), handled by this
     * runner's loop. The caller has already removed the DLQ entry.
     */
    static void requeue(DataSource ds, SqlDialect dialect, String topic, String groupId, EventEnvelope e)
            throws SQLException {
        Connection c = Db.begin(ds, dialect);
        try {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO _dazzle_event_retry (event_id, group_id, topic,"
                    + " envelope_json, attempts, next_attempt_ms, last_error, replay) VALUES (?, ?, ?, ?, 0, 0, NULL, "
                    + (dialect == SqlDialect.POSTGRES ? "TRUE" : "1") + ") ON CONFLICT (event_id, group_id) DO UPDATE"
                    + " SET attempts = 0, next_attempt_ms = 0, replay = "
                    + (dialect == SqlDialect.POSTGRES ? "TRUE" : "1"))) {
                ps.setString(1, e.eventId().toString());
                ps.setString(2, groupId);
                ps.setString(3, topic);
                ps.setString(4, Wire.write(e));
                ps.executeUpdate();
            }
            // a replayed event must really run again: forget any inbox row of this group for it (contract 4.8 trap)
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM _dazzle_event_inbox WHERE event_id = ?"
                    + " AND consumer_name = ? AND result <> 'success'")) {
                ps.setString(1, e.eventId().toString());
                ps.setString(2, groupId);
                ps.executeUpdate();
            }
            c.commit();
        } finally {
            Db.release(c);
        }
    }
}
