package com.dazzleops.server.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves outbox rows to the bus (contract wire-events §10.4, with the guide's intended semantics).
 *
 * <ul>
 *   <li>JDBC bus: claim ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL; a write-first claim under SQLite's single
 *       writer), append to {@code _dazzle_events} and mark {@code published} in ONE transaction: nothing is published
 *       twice, nothing is lost, whatever crashes.</li>
 *   <li>External bus (Redis): claim as {@code publishing} with a lease and commit; publish (the bus drops repeats of an
 *       event id); mark {@code published}. A crash leaves {@code publishing} rows that startup recovery, or lease
 *       expiry on another instance, returns to {@code pending}.</li>
 *   <li>Failures: {@code attempts + 1}, {@code last_error}, exponential backoff (base, doubling, capped); after
 *       {@code maxAttempts} the row is {@code failed} but still retried at the capped interval.</li>
 * </ul>
 */
public final class OutboxRelay implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    /** Relay settings. */
    public record Config(int batchSize, long pollIntervalMs, int maxAttempts, long backoffBaseMs, long backoffCapMs,
                         long leaseMs) {
        public static Config defaults() {
            return new Config(500, 100, 5, 1000, 60_000, 30_000);
        }
    }

    private final OutboxStore store;
    private final EventBus bus;
    private final Config config;
    private final String publisherId = UUID.randomUUID().toString().substring(0, 8);
    /** Pause after a wake-up so that many small commits are handled as one batch (one write transaction). */
    static final long COALESCE_MS = 3;
    private final Signal wake = new Signal();
    private final Runnable afterPublish;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;
    private volatile boolean healthy = true;
    private volatile String lastError;
    private Thread thread;

    public OutboxRelay(OutboxStore store, EventBus bus, Config config, Runnable afterPublish) {
        this.store = store;
        this.bus = bus;
        this.config = config;
        this.afterPublish = afterPublish == null ? () -> { } : afterPublish;
    }

    public String publisherId() {
        return publisherId;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this, "outbox-relay-" + publisherId);
        thread.setDaemon(true);
        thread.start();
        LOG.info("Outbox publisher started (publisher_id={}, poll_interval={}ms, batch_size={}, backend={})",
                publisherId, config.pollIntervalMs(), config.batchSize(), bus.tier());
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
        LOG.info("Outbox publisher stopped (events_published={}, events_failed={})", published.get(), failures.get());
    }

    /** Wakes the relay now (called after a business transaction appended events). */
    public void nudge() {
        wake.raise();
    }

    public boolean isRunning() {
        return running;
    }

    /** False while the relay's last database/bus round failed. */
    public boolean isHealthy() {
        return healthy;
    }

    public String lastError() {
        return lastError;
    }

    public long publishedCount() {
        return published.get();
    }

    @Override
    public void run() {
        int consecutiveErrors = 0;
        while (running) {
            try {
                int n = publishBatch();
                healthy = true;
                consecutiveErrors = 0;
                if (n > 0) {
                    afterPublish.run();
                }
                if (n < config.batchSize() && !freshLeft) {
                    wake.await(config.pollIntervalMs());
                    Thread.sleep(COALESCE_MS); // let a burst of small commits gather into one batch
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (Exception e) {
                consecutiveErrors++;
                healthy = false;
                lastError = Db.oneLine(e);
                if (consecutiveErrors == 1 || consecutiveErrors % 30 == 0) {
                    LOG.warn("Error in publisher loop ({} consecutive): {}", consecutiveErrors, lastError);
                }
                long sleep = Math.min(1000L << Math.min(consecutiveErrors - 1, 5), 30_000);
                try {
                    wake.await(sleep);
                } catch (InterruptedException ie) {
                    if (!running) {
                        break;
                    }
                }
            }
        }
    }

    /**
     * One relay round.
     *
     * @return rows published (failed rows are not counted)
     */
    public int publishBatch() throws Exception {
        return bus.sharesOutboxDatabase() ? publishTransactional() : publishLeased();
    }

    private int publishTransactional() throws Exception {
        Connection c = Db.begin(store.dataSource(), store.dialect());
        try {
            int n = bus instanceof JdbcEventBus jdbc ? publishSetBased(c, jdbc) : publishRows(c);
            if (n == 0) {
                c.rollback();
                // nothing was written, and under the write lock no fresh row was found up to the claim's position:
                // the cursor moves there anyway, so an idle relay does not walk the same published rows every poll
                moveCursor();
                return 0;
            }
            c.commit();
            moveCursor();
            published.addAndGet(n);
            return n;
        } catch (SQLException | RuntimeException e) {
            Db.rollbackQuietly(c);
            claimed = null;
            freshLeft = false;
            if (isConnectionProblem(e)) {
                throw e;
            }
            // a poisoned row must not block the batch: retry one by one so only the culprits count a failure
            return publishOneByOne(e);
        } finally {
            Db.release(c);
        }
    }

    /** Generic in-transaction publish: the claimed rows travel through Java. */
    private int publishRows(Connection c) throws SQLException {
        List<OutboxStore.Row> rows = claim(c, false);
        if (rows.isEmpty()) {
            return 0;
        }
        bus.publishInTransaction(c, rows);
        markPublished(c, ids(rows));
        return rows.size();
    }

    /**
     * The JDBC bus on the outbox's own database: claim, append to the bus log and mark published with a handful of
     * set-based statements per batch (the envelopes never leave the database).
     * <ul>
     *   <li>PostgreSQL: one statement per batch: a CTE claims the due rows {@code FOR UPDATE SKIP LOCKED} (concurrent
     *       relays take disjoint rows), the next marks them published ({@code RETURNING} their envelopes), and the
     *       {@code INSERT ... SELECT} appends those to the bus log in outbox order.</li>
     *   <li>SQLite: the published outbox rows are the bus log (V54, V57). The window statement (it writes, so the
     *       transaction holds the single write lock from there on) reads where the relay cursor is, the highest rowid
     *       and the earliest retry time; rows due again behind the cursor, if any, are marked published and numbered
     *       by {@link JdbcEventBus#publishSqliteOutboxRows}; then one {@code INSERT ... SELECT} over a rowid range
     *       gives the next batch of fresh rows their publications, numbered, without writing the rows themselves
     *       ({@link JdbcEventBus#publishSqliteFreshRange}).</li>
     * </ul>
     */
    private int publishSetBased(Connection c, JdbcEventBus jdbc) throws SQLException {
        long now = System.currentTimeMillis();
        String nowIso = Db.iso(Instant.ofEpochMilli(now));
        if (store.dialect() == SqlDialect.POSTGRES) {
            // one statement: claim (row locks, SKIP LOCKED), mark published, append the same rows to the bus log
            // the update finds the claimed rows by tuple id (a TID scan per row) rather than by a primary-key lookup
            // of their text ids: the rows are locked by this statement, so nobody else can move them
            return jdbc.appendFromCte(c, "WITH claimed AS (SELECT ctid AS t FROM " + OutboxStore.TABLE + " WHERE " + DUE
                    + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED), pub AS (UPDATE " + OutboxStore.TABLE + " o SET"
                    + " status = 'published', published_at = ?, lock_token = NULL, lock_expires_at = NULL FROM claimed"
                    + " WHERE o.ctid = claimed.t RETURNING o.seq, o.topic, o.envelope_json)", "pub",
                    now, nowIso, config.batchSize(), Db.nowIso());
        }
        // SQLite: the published outbox rows ARE the bus log (V54): one statement gives the due rows their publications
        // (V57), numbered in rowid order after the last bus sequence number; then the counter moves on. The window's
        // statement writes, so this transaction holds the single write lock from there on.
        // First the rows behind the cursor that are due again (a retry's backoff or a lease ran out; usually none),
        // then the fresh rows after it, up to a batch, by rowid range.
        Window w = sqliteWindow(c);
        int retried = 0;
        if (w.retryDue(now)) {
            retried = jdbc.publishSqliteOutboxRows(c, SQLITE_RETRY_DUE_ROWIDS, (ps, first) -> {
                ps.setLong(first, now);
                ps.setString(first + 1, nowIso);
                ps.setInt(first + 2, config.batchSize());
            }).count();
        }
        // First the next batchSize rowids: after the cursor nearly every row is fresh (under the single writer rowids
        // are handed out in order, and only clean-up, far behind, deletes), and finding the batch's last fresh row
        // first (LIMIT 1 OFFSET batchSize - 1) read every row of the batch once more while holding the writer, about a
        // tenth of the relay's time in a profile. Only when that range held rows published already (a relay that
        // starts over behind its predecessor's work, or rows a retry published) is the rest of the batch found by
        // walking the rows after it, so a published stretch is stepped over in one claim, not a batch at a time.
        int batch = config.batchSize();
        long upTo = Math.min(w.to(), w.from() + batch);
        JdbcEventBus.SqlitePublished fresh = jdbc.publishSqliteFreshRange(c, w.from(), upTo);
        int count = fresh.count();
        if (count < batch && upTo < w.to()) {
            long walkFrom = upTo;
            upTo = w.to();
            try (PreparedStatement ps = Db.cached(c, "SELECT rowid FROM " + OutboxStore.TABLE + " WHERE rowid > ? AND"
                    + " rowid <= ? AND " + OutboxStore.SQLITE_FRESH + " ORDER BY rowid LIMIT 1 OFFSET ?")) {
                ps.setLong(1, walkFrom);
                ps.setLong(2, w.to());
                ps.setInt(3, batch - count - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        upTo = rs.getLong(1);
                    }
                }
            }
            fresh = jdbc.publishSqliteFreshRange(c, walkFrom, upTo);
            count += fresh.count();
        }
        claimed = new Position(fresh.lastRowid(), fresh.lastId());
        freshLeft = upTo < w.to();
        return retried + count;
    }

    /** SQLite: the last claim stopped at a batch's worth of rowids with more after them (the relay goes on at once). */
    private boolean freshLeft;

    private static List<String> ids(List<OutboxStore.Row> rows) {
        List<String> ids = new ArrayList<>(rows.size());
        for (OutboxStore.Row r : rows) {
            ids.add(r.id());
        }
        return ids;
    }

    private int publishOneByOne(Exception batchError) throws Exception {
        LOG.warn("Outbox batch failed ({}); retrying row by row", Db.oneLine(batchError));
        int ok = 0;
        for (int i = 0; i < config.batchSize(); i++) {
            Connection c = Db.begin(store.dataSource(), store.dialect());
            OutboxStore.Row row = null;
            try {
                List<OutboxStore.Row> one = claimLimit(c, 1);
                if (one.isEmpty()) {
                    c.rollback();
                    return ok;
                }
                row = one.get(0);
                bus.publishInTransaction(c, one);
                markPublished(c, ids(one));
                c.commit();
                moveCursor();
                ok++;
                published.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                Db.rollbackQuietly(c);
                claimed = null;
                if (row == null || isConnectionProblem(e)) {
                    throw e;
                }
                recordFailure(row, "Unexpected error: " + Db.oneLine(e));
                return ok; // the failed row now waits for its backoff; the next round continues with the others
            } finally {
                Db.release(c);
            }
        }
        return ok;
    }

    private long lastLossCheck;

    /** Redis restarted empty: publish again what was published within the replay window. */
    private void checkBusDataLoss() throws Exception {
        long now = System.currentTimeMillis();
        if (now - lastLossCheck < 1000) {
            return;
        }
        lastLossCheck = now;
        if (bus.detectDataLoss()) {
            int n = store.requeuePublishedSince(Db.iso(Instant.ofEpochMilli(now - REPUBLISH_WINDOW_MS)));
            if (n > 0) {
                LOG.warn("Event bus lost its data (Redis restarted empty?): {} outbox row(s) published in the last {}"
                        + " min queued for publishing again", n, REPUBLISH_WINDOW_MS / 60_000);
            }
        }
    }

    /** How far back outbox rows are published again after the bus lost its data. */
    static final long REPUBLISH_WINDOW_MS = Long.getLong("dazzle.events.republishWindowMs", 15 * 60_000L);

    /**
     * External bus with the outbox on PostgreSQL: {@code true} (the default) publishes while the claimed rows stay
     * locked ({@link #publishLockedPostgres}); {@code false} ({@code -Ddazzle.events.pgLeasedRelay=true}) takes the
     * leased path that writes {@code publishing} first (one more row version per event).
     */
    static final boolean PG_LOCKED_RELAY = !Boolean.getBoolean("dazzle.events.pgLeasedRelay");

    private int publishLeased() throws Exception {
        checkBusDataLoss();
        if (PG_LOCKED_RELAY && store.dialect() == SqlDialect.POSTGRES) {
            return publishLockedPostgres();
        }
        List<OutboxStore.Row> rows;
        Connection c = Db.begin(store.dataSource(), store.dialect());
        try {
            rows = claim(c, true);
            c.commit();
            moveCursor();
        } catch (SQLException | RuntimeException e) {
            Db.rollbackQuietly(c);
            claimed = null;
            throw e;
        } finally {
            Db.release(c);
        }
        if (rows.isEmpty()) {
            return 0;
        }
        Map<String, String> failed;
        try {
            failed = bus.publishExternal(rows);
        } catch (Exception e) {
            // the bus is unreachable: every claimed row counts one failed attempt and waits for its backoff
            String msg = Db.oneLine(e);
            for (OutboxStore.Row r : rows) {
                recordFailure(r, msg);
            }
            throw e;
        }
        List<OutboxStore.Row> ok = new ArrayList<>();
        for (OutboxStore.Row r : rows) {
            if (failed.containsKey(r.id())) {
                recordFailure(r, failed.get(r.id()));
            } else {
                ok.add(r);
            }
        }
        Connection m = Db.begin(store.dataSource(), store.dialect());
        try {
            if (store.dialect() == SqlDialect.POSTGRES && !ok.isEmpty()) {
                try (java.sql.Statement s = m.createStatement()) {
                    s.execute("SELECT " + JdbcEventBus.PG_RELAY_ASYNC_COMMIT);
                }
            }
            markPublished(m, ids(ok));
            m.commit();
        } finally {
            Db.release(m);
        }
        published.addAndGet(ok.size());
        return ok.size();
    }

    /**
     * External bus, outbox on PostgreSQL: claim the due rows {@code FOR UPDATE SKIP LOCKED}, publish them, mark them
     * published and commit, all in ONE transaction that holds the claimed rows' locks across the bus call. Instead of
     * a {@code publishing} row version (and its index entries) written and committed before the publish, the row lock
     * is the lease:
     * <ul>
     *   <li>concurrent relays (other instances) skip locked rows, and once this transaction commits the rows are
     *       published, so no two relays publish the same row;</li>
     *   <li>a relay that dies (process, connection or database) before its commit leaves nothing to recover: its
     *       transaction aborts, the rows are pending again at once (no lease to wait out) and the next relay
     *       publishes them again; the bus drops an event id it already holds (the publish script's marker);</li>
     *   <li>the bus call is bounded by the Redis client's socket timeout; while it runs, other relays go on with
     *       other rows.</li>
     * </ul>
     * Failures are recorded after the transaction ends (its row locks would block the bookkeeping's own connection).
     * The transaction commits asynchronously for the reason given at {@link JdbcEventBus#PG_RELAY_ASYNC_COMMIT}: a
     * lost mark is a republish, which the bus drops.
     */
    private int publishLockedPostgres() throws Exception {
        List<OutboxStore.Row> rows;
        Map<String, String> failed;
        List<OutboxStore.Row> ok = new ArrayList<>();
        Connection c = Db.begin(store.dataSource(), store.dialect());
        try {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(JdbcEventBus.PG_ORDERED_CLAIM + ", " + JdbcEventBus.PG_RELAY_ASYNC_COMMIT);
            }
            Map<String, String> tids = new java.util.HashMap<>();
            rows = claimLockedPostgres(c, tids);
            if (rows.isEmpty()) {
                c.rollback();
                return 0;
            }
            try {
                failed = bus.publishExternal(rows);
            } catch (Exception e) {
                // the bus is unreachable: release the rows, then every one counts one failed attempt (backoff)
                Db.rollbackQuietly(c);
                Db.release(c);
                c = null;
                String msg = Db.oneLine(e);
                for (OutboxStore.Row r : rows) {
                    recordFailure(r, msg);
                }
                throw e;
            }
            for (OutboxStore.Row r : rows) {
                if (!failed.containsKey(r.id())) {
                    ok.add(r);
                }
            }
            markPublishedByTid(c, ok, tids);
            c.commit();
        } finally {
            Db.release(c);
        }
        for (OutboxStore.Row r : rows) {
            if (failed.containsKey(r.id())) {
                recordFailure(r, failed.get(r.id()));
            }
        }
        published.addAndGet(ok.size());
        return ok.size();
    }

    /** Due rows, oldest first, locked {@code FOR UPDATE SKIP LOCKED}; fills {@code tids} with id -> ctid text. */
    private List<OutboxStore.Row> claimLockedPostgres(Connection c, Map<String, String> tids) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, topic, event_type, key, envelope_json, status,"
                + " created_at, published_at, attempts, last_error, ctid::text FROM " + OutboxStore.TABLE + " WHERE "
                + DUE + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setLong(1, now);
            ps.setString(2, Db.iso(Instant.ofEpochMilli(now)));
            ps.setInt(3, config.batchSize());
            List<OutboxStore.Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OutboxStore.Row r = OutboxStore.row(rs);
                    tids.put(r.id(), rs.getString(11));
                    out.add(r);
                }
            }
            return out;
        }
    }

    /**
     * Marks rows this transaction holds locked published, addressing them by their tuple ids: a locked row cannot be
     * updated, deleted or moved by anyone else until we commit, so its ctid still names it, and the update goes
     * straight to the heap tuples instead of looking 1,000 text ids up in the primary key (PostgreSQL CPU per event
     * about 10 -> 7 us). Should the count ever differ, the rows are marked again by id (an idempotent update).
     */
    private void markPublishedByTid(Connection c, List<OutboxStore.Row> rows, Map<String, String> tids)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<String> t = new ArrayList<>(rows.size());
        for (OutboxStore.Row r : rows) {
            t.add(tids.get(r.id()));
        }
        int n;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + OutboxStore.TABLE + " SET status = 'published',"
                + " published_at = ?, lock_token = NULL, lock_expires_at = NULL WHERE ctid = ANY(?::tid[])")) {
            ps.setString(1, Db.nowIso());
            ps.setArray(2, c.createArrayOf("text", t.toArray()));
            n = ps.executeUpdate();
        }
        if (n != rows.size()) {
            LOG.warn("Marking {} outbox row(s) published by tuple id matched {}; marking them by id", rows.size(), n);
            markPublished(c, ids(rows));
        }
    }

    private List<OutboxStore.Row> claim(Connection c, boolean lease) throws SQLException {
        if (lease && store.dialect() == SqlDialect.POSTGRES) {
            return claimLeasedPostgres(c);
        }
        List<OutboxStore.Row> rows = claimLimit(c, config.batchSize());
        if (lease && !rows.isEmpty()) {
            IdSet set = idSet(c, ids(rows));
            // next_attempt_ms = the lease's end: a row in publishing is due again when its lease expires, and on SQLite
            // that keeps it in the retry index (V56), which is how a claim finds it once the relay cursor has passed it
            long leaseEnd = System.currentTimeMillis() + config.leaseMs();
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + OutboxStore.TABLE + " SET status = 'publishing',"
                    + " lock_token = ?, lock_expires_at = ?, next_attempt_ms = ? WHERE " + set.condition())) {
                ps.setString(1, publisherId);
                ps.setString(2, Db.iso(Instant.ofEpochMilli(leaseEnd)));
                ps.setLong(3, leaseEnd);
                ps.setObject(4, set.param());
                ps.executeUpdate();
            }
        }
        return rows;
    }

    /** PostgreSQL lease claim in one statement: due rows locked (SKIP LOCKED), moved to publishing, returned. */
    private List<OutboxStore.Row> claimLeasedPostgres(Connection c) throws SQLException {
        long now = System.currentTimeMillis();
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(JdbcEventBus.PG_ORDERED_CLAIM + ", " + JdbcEventBus.PG_RELAY_ASYNC_COMMIT);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + OutboxStore.TABLE + " o SET status = 'publishing',"
                + " lock_token = ?, lock_expires_at = ? FROM (SELECT id FROM " + OutboxStore.TABLE + " WHERE " + DUE
                + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED) d WHERE o.id = d.id RETURNING o.id, o.topic,"
                + " o.event_type, o.key, o.envelope_json, o.status, o.created_at, o.published_at, o.attempts,"
                + " o.last_error, o.seq")) {
            ps.setString(1, publisherId);
            ps.setString(2, Db.iso(Instant.ofEpochMilli(now + config.leaseMs())));
            ps.setLong(3, now);
            ps.setString(4, Db.iso(Instant.ofEpochMilli(now)));
            ps.setInt(5, config.batchSize());
            record Claimed(long seq, OutboxStore.Row row) {
            }
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(rs.getLong(11), OutboxStore.row(rs)));
                }
            }
            claimed.sort(java.util.Comparator.comparingLong(Claimed::seq)); // RETURNING order is not guaranteed
            List<OutboxStore.Row> rows = new ArrayList<>(claimed.size());
            for (Claimed x : claimed) {
                rows.add(x.row());
            }
            return rows;
        }
    }

    /** The claimable states; repeated in every claim so the partial index over them (V52) is used. */
    static final String CLAIMABLE = "status IN ('pending', 'publishing', 'failed')";
    /** Due rows: pending or failed with their backoff elapsed, and publishing rows whose lease expired. */
    static final String DUE = CLAIMABLE + " AND ((status IN ('pending', 'failed') AND next_attempt_ms <= ?)"
            + " OR (status = 'publishing' AND lock_expires_at < ?))";
    /** SQLite: the index of the rows waiting for a retry or in publishing (V56), named so the claim uses it. */
    static final String SQLITE_RETRY_INDEX = "idx_outbox_retry";
    /**
     * SQLite: rowids of the due rows, oldest first, LIMIT ? (params: see {@link #bindSqliteDue}); the union of
     * <ul>
     *   <li>fresh rows ({@link OutboxStore#SQLITE_FRESH}: pending, never tried, no publication yet) after the relay
     *       cursor: a walk of the table
     *       in rowid order between the cursor and the highest rowid when the claim began ({@link Window}); they are
     *       in no index, so an append writes no index entry for them and a publish deletes none;</li>
     *   <li>rows due for a retry, and rows in publishing whose lease ran out ({@code next_attempt_ms > 0}), from the
     *       partial index {@link #SQLITE_RETRY_INDEX} ({@code WHERE next_attempt_ms > 0}: a published row has 0),
     *       which only ever holds those few.</li>
     * </ul>
     * Both legs come in rowid order, and SQLite merges them, stopping at the limit.
     */
    static final String SQLITE_DUE_ROWIDS = "SELECT rowid FROM " + OutboxStore.TABLE + " WHERE rowid > ? AND rowid <= ?"
            + " AND " + OutboxStore.SQLITE_FRESH + " UNION ALL SELECT rowid FROM " + OutboxStore.TABLE
            + " INDEXED BY " + SQLITE_RETRY_INDEX + " WHERE next_attempt_ms > 0 AND " + DUE
            + " ORDER BY 1 LIMIT ?";

    /** SQLite: rowids of the rows behind the cursor that are due again, oldest first, LIMIT ? (params: now, now ISO). */
    static final String SQLITE_RETRY_DUE_ROWIDS = "SELECT rowid FROM " + OutboxStore.TABLE + " INDEXED BY "
            + SQLITE_RETRY_INDEX + " WHERE next_attempt_ms > 0 AND " + DUE + " ORDER BY rowid LIMIT ?";

    /** Binds {@link #SQLITE_DUE_ROWIDS}' five parameters from {@code first}. */
    static void bindSqliteDue(PreparedStatement ps, int first, Window w, long now, String nowIso, int limit)
            throws SQLException {
        ps.setLong(first, w.from());
        ps.setLong(first + 1, w.to());
        ps.setLong(first + 2, now);
        ps.setString(first + 3, nowIso);
        ps.setInt(first + 4, limit);
    }

    /*
     * The relay cursor (SQLite). SQLite hands out rowids in commit order (one writer; a new row gets the highest rowid
     * + 1), so every fresh row appended after the relay last looked lies after the highest rowid it looked at. The
     * cursor is that rowid: after a claim committed, every fresh row at or before it has been claimed, so rows at or
     * before it leave the pending state only through the retry index (a failed attempt sets next_attempt_ms to the
     * backoff's end, a lease its end, and recovery and re-queueing set 1, never 0: OutboxStore).
     *
     * A rowid is reused only when the rows with the highest rowids are deleted; the cursor then could point past new
     * rows. So the cursor remembers the id of its row and each claim checks it: if that row is gone or is another row,
     * the walk starts again from the first row. It also starts there when the relay starts (its first claim reads the
     * whole table once). Only the relay's own thread reads and moves it.
     */
    private long cursor;
    private String cursorId;
    /** The position a claim in the open transaction reached; becomes the cursor once that transaction commits. */
    private Position claimed;

    /** A rowid and the id of its row (null: no row there, no position). */
    record Position(long rowid, String id) {
    }

    /**
     * The fresh rows a claim may take: rowids after {@code from} up to {@code to}, the highest rowid when it began;
     * {@code toId} is that row's id.
     */
    record Window(long from, long to, String toId, long firstRetryMs) {
        /** Some row behind the cursor is due again at {@code now} (its backoff or lease ran out). */
        boolean retryDue(long now) {
            return firstRetryMs > 0 && firstRetryMs <= now;
        }

        /**
         * The cursor once a claim of this window commits, having taken {@code count} rows (up to {@code limit}) whose
         * highest rowid is {@code lastRowid}: the whole window when the claim took fewer than the limit (no fresh row
         * was left in it), else the highest rowid taken (the due rows come in rowid order, so every fresh row before
         * it was taken too).
         */
        Position after(int count, long lastRowid, String lastId, int limit) {
            return count < limit ? new Position(to, toId) : new Position(lastRowid, lastId);
        }
    }

    /**
     * SQLite: opens a claim's window, as the transaction's first statement (it writes, a no-op on the sequence row,
     * so the transaction holds the single write lock from here on and no row can be appended while it claims).
     */
    private Window sqliteWindow(Connection c) throws SQLException {
        claimed = null;
        try (PreparedStatement ps = Db.cached(c, "UPDATE _dazzle_bus_seq SET last = last WHERE id = 1 RETURNING"
                + " (SELECT id FROM " + OutboxStore.TABLE + " WHERE rowid = ?), (SELECT rowid FROM " + OutboxStore.TABLE
                + " ORDER BY rowid DESC LIMIT 1), (SELECT id FROM " + OutboxStore.TABLE + " ORDER BY rowid DESC"
                + " LIMIT 1), (SELECT min(next_attempt_ms) FROM " + OutboxStore.TABLE + " INDEXED BY "
                + SQLITE_RETRY_INDEX + " WHERE next_attempt_ms > 0)")) {
            ps.setLong(1, cursor);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("_dazzle_bus_seq has no row (migration V54 missing?)");
                }
                if (cursor > 0 && !java.util.Objects.equals(rs.getString(1), cursorId)) {
                    LOG.info("Outbox rows up to the relay's position ({}) were deleted; looking for pending rows from"
                            + " the first row again", cursor);
                    cursor = 0;
                    cursorId = null;
                }
                return new Window(cursor, rs.getLong(2), rs.getString(3), rs.getLong(4));
            }
        }
    }

    /** The relay cursor (SQLite; 0 before the first claim). */
    long cursor() {
        return cursor;
    }

    /**
     * After a commit (or the rollback of a claim that found nothing to publish): the claim's position becomes the
     * cursor (nothing when no SQLite claim was made).
     */
    private void moveCursor() {
        Position p = claimed;
        claimed = null;
        if (p != null && p.id() != null && p.rowid() > cursor) {
            cursor = p.rowid();
            cursorId = p.id();
        }
    }

    /** Due rows, oldest first. */
    private List<OutboxStore.Row> claimLimit(Connection c, int limit) throws SQLException {
        long now = System.currentTimeMillis();
        String nowIso = Db.iso(Instant.ofEpochMilli(now));
        String cols = "id, topic, event_type, key, envelope_json, status, created_at, published_at, attempts, last_error";
        if (store.dialect() == SqlDialect.POSTGRES) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + cols + " FROM " + OutboxStore.TABLE
                    + " WHERE " + DUE + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setLong(1, now);
                ps.setString(2, nowIso);
                ps.setInt(3, limit);
                return read(ps);
            }
        }
        // SQLite: the window's statement writes, so this transaction holds the single write lock while it claims
        Window w = sqliteWindow(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + cols + ", rowid FROM " + OutboxStore.TABLE
                + " WHERE rowid IN (" + SQLITE_DUE_ROWIDS + ") ORDER BY rowid")) {
            bindSqliteDue(ps, 1, w, now, nowIso, limit);
            List<OutboxStore.Row> out = new ArrayList<>();
            long lastRowid = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(OutboxStore.row(rs));
                    lastRowid = rs.getLong(11);
                }
            }
            claimed = w.after(out.size(), lastRowid, out.isEmpty() ? null : out.get(out.size() - 1).id(), limit);
            return out;
        }
    }

    /** A set of outbox ids as one bind parameter: a text[] on PostgreSQL, a JSON array (json_each) on SQLite. */
    record IdSet(String condition, Object param) {
    }

    IdSet idSet(Connection c, List<String> ids) throws SQLException {
        if (store.dialect() == SqlDialect.POSTGRES) {
            return new IdSet("id = ANY(?)", c.createArrayOf("text", ids.toArray()));
        }
        return new IdSet("id IN (SELECT value FROM json_each(?))", com.dazzleops.model.json.Wire.write(ids));
    }

    private static List<OutboxStore.Row> read(PreparedStatement ps) throws SQLException {
        List<OutboxStore.Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(OutboxStore.row(rs));
            }
        }
        return out;
    }

    private void markPublished(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        IdSet set = idSet(c, ids);
        // next_attempt_ms = 0: a published row leaves SQLite's retry index (V56)
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + OutboxStore.TABLE + " SET status = 'published',"
                + " published_at = ?, lock_token = NULL, lock_expires_at = NULL, next_attempt_ms = 0 WHERE "
                + set.condition())) {
            ps.setString(1, Db.nowIso());
            ps.setObject(2, set.param());
            ps.executeUpdate();
        }
    }

    /** Counts one failed attempt, with backoff; {@code failed} once maxAttempts is reached. Never overwrites published. */
    void recordFailure(OutboxStore.Row row, String error) {
        failures.incrementAndGet();
        int attempts = row.attempts() + 1;
        long backoff = backoffMs(attempts);
        String status = attempts >= config.maxAttempts() ? "failed" : "pending";
        if ("failed".equals(status)) {
            LOG.warn("Event permanently failed after max attempts (id={}, attempts={}): {}", row.id(), attempts, error);
        } else {
            LOG.info("Event publish failed, will retry (id={}, attempt={}, backoff={}ms): {}", row.id(), attempts,
                    backoff, error);
        }
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + OutboxStore.TABLE + " SET status = ?,"
                     + " attempts = attempts + 1, last_error = ?, lock_token = NULL, lock_expires_at = NULL,"
                     + " next_attempt_ms = ? WHERE id = ? AND status <> 'published'"
                     + (store.dialect() == SqlDialect.SQLITE ? " AND NOT " + OutboxStore.SQLITE_PUBLISHED : ""))) {
            if (store.dialect() == SqlDialect.SQLITE) {
                try (var s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 10000");
                }
            }
            ps.setString(1, status);
            ps.setString(2, error);
            ps.setLong(3, System.currentTimeMillis() + backoff);
            ps.setString(4, row.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not record the publish failure of {}: {}", row.id(), Db.oneLine(e));
        }
    }

    long backoffMs(int attempts) {
        long b = config.backoffBaseMs() << Math.min(Math.max(attempts - 1, 0), 20);
        return Math.min(b, config.backoffCapMs());
    }

    private static boolean isConnectionProblem(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("Connection is not available") || m.contains("I/O error")
                    || m.contains("terminating connection") || m.contains("SQLITE_BUSY"))) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }
}
