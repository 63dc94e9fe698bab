package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;

import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The bus on the application database: table {@code _dazzle_events} with a global {@code sequence_num}, group
 * positions in {@code _dazzle_consumer_offsets}, dead letters in {@code _dazzle_dlq} (contract wire-events §7).
 *
 * <p>Differences from Dazzle's PostgresBus, on purpose: appends happen under a transaction-scoped advisory lock so
 * sequence order equals commit order (no consumer can step over a not-yet-visible lower sequence, §7.3); a group's
 * position row is locked {@code FOR UPDATE SKIP LOCKED} for the whole batch, so competing instances of a group never
 * handle the same events at once (§7.5); duplicate event ids are ignored instead of failing the publish.
 *
 * <p>On SQLite (V54, V57) the log is not a copy: the published outbox rows are the log. Publishing a row gives it a
 * small row in {@code _dazzle_bus_pub} (its bus sequence number and publication time) instead of rewriting it
 * ({@link #publishSqliteFreshRange}); {@code _dazzle_events} only holds events copied there before V54 (numbered below
 * every later number), and the view {@code _dazzle_bus_log} shows both with the columns the copy had.
 */
public final class JdbcEventBus implements EventBus {

    /** Advisory lock key serialising appends to _dazzle_events ("DZEV"). */
    private static final long APPEND_LOCK = 0x445A4556L;
    private static final String COLS = "id, topic, event_type, event_version, key, payload, headers, correlation_id,"
            + " causation_id, timestamp, producer, sequence_num";

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final JdbcDlq dlq;

    public JdbcEventBus(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.dlq = new JdbcDlq();
    }

    @Override
    public String brokerType() {
        return dialect == SqlDialect.POSTGRES ? "PostgresBus" : "SqliteBus";
    }

    @Override
    public String tier() {
        return dialect == SqlDialect.POSTGRES ? "postgres" : "sqlite";
    }

    @Override
    public void ping() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    @Override
    public boolean sharesOutboxDatabase() {
        return true;
    }

    @Override
    public void publishInTransaction(Connection tx, List<OutboxStore.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (dialect == SqlDialect.SQLITE) {
            publishSqliteRowByRow(tx, rows);
            return;
        }
        String sql;
        if (dialect == SqlDialect.POSTGRES) {
            try (Statement s = tx.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")");
            }
            sql = "INSERT INTO _dazzle_events (id, topic, event_type, event_version, key, payload, headers,"
                    + " correlation_id, causation_id, timestamp, producer) VALUES (?::uuid, ?, ?, ?, ?, ?::jsonb,"
                    + " ?::jsonb, ?::uuid, ?::uuid, ?, ?) ON CONFLICT (id) DO NOTHING";
        } else {
            sql = "INSERT INTO _dazzle_events (id, topic, event_type, event_version, key, payload, headers,"
                    + " correlation_id, causation_id, timestamp, producer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
        }
        String now = Db.nowIso();
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (OutboxStore.Row r : rows) {
                EventEnvelope e = EventEnvelope.fromJson(r.envelopeJson());
                ps.setString(1, e.eventId().toString());
                ps.setString(2, r.topic());
                ps.setString(3, e.eventType());
                ps.setString(4, e.eventVersion());
                ps.setString(5, e.key());
                ps.setString(6, Wire.write(e.payload()));
                ps.setString(7, Wire.write(e.headers()));
                ps.setString(8, e.correlationId() == null ? null : e.correlationId().toString());
                ps.setString(9, e.causationId() == null ? null : e.causationId().toString());
                if (dialect == SqlDialect.POSTGRES) {
                    ps.setObject(10, e.timestamp().toInstant().atOffset(ZoneOffset.UTC));
                } else {
                    ps.setString(10, e.timestamp().text());
                }
                ps.setString(11, e.producer());
                if (dialect == SqlDialect.SQLITE) {
                    ps.setString(12, now);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Lowercase hyphenated UUID text (what {@code UUID.toString()} gives), as a SQLite GLOB pattern. */
    private static final String UUID_GLOB;

    static {
        String h = "[0-9a-f]";
        UUID_GLOB = h.repeat(8) + "-" + h.repeat(4) + "-" + h.repeat(4) + "-" + h.repeat(4) + "-" + h.repeat(12);
    }

    /**
     * Set-based publish: appends the envelopes of the outbox rows matching {@code rowFilter} (an SQL condition on the
     * outbox aliased {@code o}, with {@code params} bound in order) straight from {@code envelope_json}, in outbox
     * order, by one {@code INSERT ... SELECT} on the relay's connection: no envelope travels through Java. The columns
     * equal what {@link #publishInTransaction} writes after a Java round trip (the database's JSON functions pick
     * the fields; payload and headers keep their JSON text). An envelope the Java path would refuse (malformed JSON,
     * missing or non-UUID event id, missing timestamp, non-UUID correlation/causation id) makes the statement fail,
     * so the relay falls back to its row-by-row path, which records the culprit's failure. Event ids already on the
     * bus are not appended again. PostgreSQL only: on SQLite the outbox is the bus log (V54).
     *
     * @return rows appended
     */
    public int appendFromOutbox(Connection tx, String rowFilter, Object... params) throws SQLException {
        if (dialect != SqlDialect.POSTGRES) {
            throw new IllegalStateException("appendFromOutbox is PostgreSQL only (the SQLite outbox is the bus log)");
        }
        try (Statement s = tx.createStatement()) {
            s.execute(PG_APPEND_PREAMBLE);
        }
        String sql = PG_INSERT + " FROM " + OutboxStore.TABLE + " o" + PG_ENVELOPE_JSON + " WHERE " + rowFilter
                + " ORDER BY o.seq ON CONFLICT (id) DO NOTHING";
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            return ps.executeUpdate();
        }
    }

    /** Binds parameters from index {@code first} on. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps, int first) throws SQLException;
    }

    /** SQLite bus log (V54): the published outbox rows, numbered in {@code _dazzle_bus_pub}; the old copies first. */
    static final String SQLITE_LOG = "_dazzle_bus_log";
    /**
     * SQLite (V57): one row per published outbox row, {@code (outbox_rowid, topic, seq, published_at)}, unique by
     * {@code (topic, seq)}: the bus sequence numbers. An outbox row is published exactly when it has one.
     */
    static final String SQLITE_PUB = "_dazzle_bus_pub";
    /** Joins an outbox row aliased {@code o} to its publication aliased {@code p}. */
    private static final String SQLITE_PUB_JOIN = SQLITE_PUB + " p JOIN " + OutboxStore.TABLE
            + " o ON o.rowid = p.outbox_rowid";
    /** Reads the last bus sequence number handed out. */
    private static final String SQLITE_LAST_SEQ = "(SELECT last FROM _dazzle_bus_seq WHERE id = 1)";
    /**
     * The bus-log columns ({@link #COLS} order) of an outbox row aliased {@code o} with its publication {@code p}: what
     * the view {@code _dazzle_bus_log} (V57) gives, i.e. what the relay used to copy into {@code _dazzle_events}.
     */
    private static final String SQLITE_OUTBOX_COLS = "o.id, o.topic, o.event_type,"
            + " COALESCE(o.envelope_json ->> '$.event_version', '1.0'), o.key,"
            + " COALESCE(NULLIF(o.envelope_json -> '$.payload', 'null'), '{}'),"
            + " COALESCE(NULLIF(o.envelope_json -> '$.headers', 'null'), '{}'),"
            + " lower(o.envelope_json ->> '$.correlation_id'), lower(o.envelope_json ->> '$.causation_id'),"
            + " o.envelope_json ->> '$.timestamp', COALESCE(o.envelope_json ->> '$.producer', 'dazzle'), p.seq";

    /**
     * 1 when an outbox row (columns unqualified) can go on the SQLite bus log as it is, else 0: its id is a lowercase
     * UUID equal to its envelope's event id, the envelope has a timestamp, and the correlation/causation ids are
     * UUIDs or absent; an envelope that is not JSON makes the statement fail. Same acceptance as the copy into
     * {@code _dazzle_events} had (whose NOT NULL id column refused non-UUID ids, and timestamp column a missing one).
     * Rows the outbox's append wrote ({@code bus_ready = 1}, V55) are so by construction and are not read again.
     */
    private static final String SQLITE_VALID_ROW;

    static {
        String corr = "lower(envelope_json ->> '$.correlation_id')";
        String caus = "lower(envelope_json ->> '$.causation_id')";
        SQLITE_VALID_ROW = "CASE WHEN bus_ready = 1 THEN 1"
                + " WHEN id GLOB '" + UUID_GLOB + "' AND id = lower(envelope_json ->> '$.event_id')"
                + " AND envelope_json ->> '$.timestamp' IS NOT NULL AND (" + corr + " IS NULL OR " + corr + " GLOB '"
                + UUID_GLOB + "') AND (" + caus + " IS NULL OR " + caus + " GLOB '" + UUID_GLOB + "')"
                + " THEN 1 ELSE 0 END";
    }

    /**
     * SQLite, rows due again (a retry after a failed attempt; rare): marks the rows {@code dueRowids} selects (a
     * {@code SELECT rowid FROM ...} of them in rowid order, its parameters bound by {@code bindDue}) published in
     * place, which also takes them out of the retry index (V56), and gives each a publication (V57) numbered after
     * the last bus sequence number, in rowid order. A row the bus could not serve (see {@link #SQLITE_VALID_ROW}) or
     * an envelope that is not JSON fails the batch, so the relay falls back to its row-by-row path, which records the
     * culprit's failure.
     *
     * @return rows published, and the highest rowid among them with its id
     */
    public SqlitePublished publishSqliteOutboxRows(Connection tx, String dueRowids, Binder bindDue) throws SQLException {
        if (dialect != SqlDialect.SQLITE) {
            throw new IllegalStateException("publishSqliteOutboxRows is SQLite only");
        }
        if (!dueRowids.startsWith("SELECT rowid FROM ")) {
            throw new IllegalArgumentException("dueRowids must start with SELECT rowid FROM");
        }
        String now = Db.nowIso();
        TreeMap<Long, String[]> rows = new TreeMap<>(); // rowid -> id, topic
        int invalid = 0;
        try (PreparedStatement ps = tx.prepareStatement("UPDATE " + OutboxStore.TABLE + " SET status = 'published',"
                + " published_at = ?, lock_token = NULL, lock_expires_at = NULL, next_attempt_ms = 0 WHERE rowid IN ("
                + dueRowids + ") RETURNING rowid, id, topic, " + SQLITE_VALID_ROW)) {
            ps.setString(1, now);
            bindDue.bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                    if (rs.getInt(4) == 0) {
                        invalid++;
                    }
                }
            }
        }
        if (invalid > 0) {
            throw new SQLException(invalid + " outbox row(s) with an envelope the bus cannot carry in this batch");
        }
        if (rows.isEmpty()) {
            return new SqlitePublished(0, 0, null);
        }
        long last = sqliteLastSeq(tx);
        int n = 0;
        try (PreparedStatement ps = Db.cached(tx, "INSERT INTO " + SQLITE_PUB + " (outbox_rowid, topic, seq,"
                + " published_at) VALUES (?, ?, ?, ?) ON CONFLICT (outbox_rowid) DO NOTHING")) {
            for (Map.Entry<Long, String[]> r : rows.entrySet()) {
                ps.setLong(1, r.getKey());
                ps.setString(2, r.getValue()[1]);
                ps.setLong(3, last + n + 1);
                ps.setString(4, now);
                n += ps.executeUpdate(); // a row already on the bus keeps its number
            }
        }
        if (n > 0) {
            setSqliteSeq(tx, last + n);
        }
        Map.Entry<Long, String[]> top = rows.lastEntry();
        return new SqlitePublished(rows.size(), top.getKey(), top.getValue()[0]);
    }

    /** SQLite: the last bus sequence number handed out. */
    private static long sqliteLastSeq(Connection tx) throws SQLException {
        try (PreparedStatement ps = Db.cached(tx, "SELECT last FROM _dazzle_bus_seq WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("_dazzle_bus_seq has no row (migration V54 missing?)");
            }
            return rs.getLong(1);
        }
    }

    /**
     * SQLite, the relay's fast path: publishes the fresh outbox rows (pending, never tried, not published yet) with
     * rowids after {@code after} up to {@code upTo}, numbering each {@code last - after +
     * rowid} (in rowid order, above every number handed out before; consecutive when the range holds only fresh rows),
     * in ONE {@code INSERT ... SELECT} of their publications (V57) over a rowid range: the outbox rows themselves are
     * not written, nothing is returned per row. A row the bus could not serve (see {@link #SQLITE_VALID_ROW}) makes
     * the statement fail (its number is the error of {@code json()} on a non-JSON text), and so does an envelope that
     * is not JSON, so the relay falls back to its row-by-row path. Then the counter moves on.
     *
     * <p>The statement reads no publication itself (SQLite would first copy a select that reads its own target table
     * to a temporary table): a row published already, which only a relay starting over behind its predecessor meets,
     * is left out by its primary key ({@code OR IGNORE}); nothing else can conflict, as the numbers are new.
     *
     * @return how many rows were published, and the highest existing rowid up to {@code upTo} with its id (every fresh
     *         row up to it is published now: the relay's next position)
     */
    public SqlitePublished publishSqliteFreshRange(Connection tx, long after, long upTo) throws SQLException {
        if (dialect != SqlDialect.SQLITE) {
            throw new IllegalStateException("publishSqliteFreshRange is SQLite only");
        }
        String t = OutboxStore.TABLE;
        long last = sqliteLastSeq(tx);
        int n;
        try (PreparedStatement ps = Db.cached(tx, "INSERT OR IGNORE INTO " + SQLITE_PUB + " (outbox_rowid, topic, seq,"
                + " published_at) SELECT rowid, topic, CASE WHEN " + SQLITE_VALID_ROW + " = 1 THEN ? + rowid ELSE"
                + " json('an envelope the bus cannot carry') END, ? FROM " + t + " WHERE rowid > ? AND rowid <= ?"
                + " AND status = 'pending' AND next_attempt_ms = 0")) {
            ps.setLong(1, last - after);
            ps.setString(2, Db.nowIso());
            ps.setLong(3, after);
            ps.setLong(4, upTo);
            n = ps.executeUpdate();
        }
        long top = after;
        String topId = null;
        try (PreparedStatement ps = Db.cached(tx, "SELECT rowid, id FROM " + t + " WHERE rowid <= ? ORDER BY rowid"
                + " DESC LIMIT 1")) {
            ps.setLong(1, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    top = rs.getLong(1);
                    topId = rs.getString(2);
                }
            }
        }
        if (n > 0) {
            setSqliteSeq(tx, last - after + top);
        }
        return new SqlitePublished(n, top, topId);
    }

    /**
     * What {@link #publishSqliteOutboxRows} or {@link #publishSqliteFreshRange} published: how many rows, and the
     * highest rowid they reached with that row's id (the relay's next position).
     */
    public record SqlitePublished(int count, long lastRowid, String lastId) {
    }

    /** Moves SQLite's bus sequence counter to {@code last}, the highest number handed out. */
    private static void setSqliteSeq(Connection tx, long last) throws SQLException {
        try (PreparedStatement ps = Db.cached(tx, "UPDATE _dazzle_bus_seq SET last = ? WHERE id = 1")) {
            ps.setLong(1, last);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("_dazzle_bus_seq has no row (migration V54 missing?)");
            }
        }
    }

    private static void bumpSqliteSeq(Connection tx, int n) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("UPDATE _dazzle_bus_seq SET last = last + ? WHERE id = 1")) {
            ps.setInt(1, n);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("_dazzle_bus_seq has no row (migration V54 missing?)");
            }
        }
    }

    /**
     * SQLite, row by row (the relay's fallback): each envelope is read in Java first (an unreadable one, or one whose
     * event id is not the row's id, throws), then the row gets its publication with the next bus sequence number
     * (V57). A row already on the bus keeps its number. The caller marks the rows published in the same transaction.
     */
    private void publishSqliteRowByRow(Connection tx, List<OutboxStore.Row> rows) throws SQLException {
        for (OutboxStore.Row r : rows) {
            EventEnvelope e = EventEnvelope.fromJson(r.envelopeJson());
            if (!e.eventId().toString().equals(r.id())) {
                throw new IllegalArgumentException("outbox row " + r.id() + " carries event " + e.eventId());
            }
            if (e.timestamp() == null) {
                throw new IllegalArgumentException("outbox row " + r.id() + " has no timestamp");
            }
        }
        String now = Db.nowIso();
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO " + SQLITE_PUB + " (outbox_rowid, topic, seq,"
                + " published_at) SELECT rowid, topic, " + SQLITE_LAST_SEQ + " + 1, ? FROM " + OutboxStore.TABLE
                + " WHERE id = ? ON CONFLICT (outbox_rowid) DO NOTHING")) {
            for (OutboxStore.Row r : rows) {
                ps.setString(1, now);
                ps.setString(2, r.id());
                if (ps.executeUpdate() == 1) {
                    bumpSqliteSeq(tx, 1);
                }
            }
        }
    }

    /**
     * Transaction-local planner setting for the outbox claim ({@code ... ORDER BY seq LIMIT n FOR UPDATE SKIP LOCKED}):
     * the outbox is young and unanalysed most of the time (and autovacuum may be off), so the planner estimates a
     * handful of claimable rows and prefers a bitmap scan of ALL of them plus a sort, i.e. every claim read the whole
     * backlog (13.8 ms for a 1,000-row claim over a 19,000-row backlog). Without bitmap scans it walks the partial
     * index idx_outbox_due_seq in seq order and stops at the limit (1.5 ms).
     */
    static final String PG_ORDERED_CLAIM = "SELECT set_config('enable_bitmapscan', 'off', true)";

    /**
     * The relay's transactions commit without waiting for the WAL flush ({@code synchronous_commit = off}, this
     * transaction only). They only move rows the database already holds durably (outbox to bus log, or outbox
     * states), and PostgreSQL keeps asynchronous commits consistent: a server crash can only lose the latest ones
     * whole, which puts their rows back to pending/publishing to be relayed again (the bus drops repeated event ids),
     * and any later synchronous commit (a producer's, a consumer's inbox and position) flushes them first, so no
     * consumer can have durably handled an event whose publish is lost. What it removes is an fsync per relay batch,
     * which sat on every event's path from the producer's commit to the consumer.
     */
    static final String PG_RELAY_ASYNC_COMMIT = "set_config('synchronous_commit', 'off', true)";

    /**
     * PostgreSQL set-based publish in ONE statement: {@code withClause} (data-modifying CTEs that claim outbox rows and
     * mark them published) must define {@code source} returning {@code seq, topic, envelope_json} of the published
     * rows; their envelopes are appended to the bus log in seq order, with the same columns and validation as
     * {@link #appendFromOutbox}. Takes the append lock first (sequence order = commit order).
     *
     * @return rows of {@code source} (outbox rows published; an event id already on the bus is not appended again)
     */
    public int appendFromCte(Connection tx, String withClause, String source, Object... params) throws SQLException {
        if (dialect != SqlDialect.POSTGRES) {
            throw new IllegalStateException("appendFromCte is PostgreSQL only");
        }
        try (Statement s = tx.createStatement()) {
            s.execute(PG_APPEND_PREAMBLE + ", " + PG_RELAY_ASYNC_COMMIT);
        }
        String sql = withClause + ", ins AS (" + PG_INSERT + " FROM " + source + " o" + PG_ENVELOPE_JSON
                + " ORDER BY o.seq ON CONFLICT (id) DO NOTHING) SELECT count(*) FROM " + source;
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Serialise appends (sequence order = commit order); offset-less timestamps read as UTC, as in Java. */
    private static final String PG_APPEND_PREAMBLE = "SELECT pg_advisory_xact_lock(" + APPEND_LOCK + "),"
            + " set_config('TimeZone', 'UTC', true), set_config('enable_bitmapscan', 'off', true)";
    /** The bus-log insert from envelope JSON {@code j} of outbox rows aliased {@code o} (PostgreSQL). */
    private static final String PG_INSERT = "INSERT INTO _dazzle_events (id, topic, event_type, event_version, key,"
            + " payload, headers, correlation_id, causation_id, timestamp, producer)"
            + " SELECT (j ->> 'event_id')::uuid, o.topic, COALESCE(j ->> 'event_type', ''),"
            + " COALESCE(j ->> 'event_version', '1.0'), COALESCE(j ->> 'key', ''),"
            + " COALESCE(NULLIF(j -> 'payload', 'null'::jsonb), '{}'::jsonb),"
            + " COALESCE(NULLIF(j -> 'headers', 'null'::jsonb), '{}'::jsonb),"
            + " (j ->> 'correlation_id')::uuid, (j ->> 'causation_id')::uuid, (j ->> 'timestamp')::timestamptz,"
            + " COALESCE(j ->> 'producer', 'dazzle')";
    /** OFFSET 0 keeps the lateral subquery from being pulled up: one JSON parse per row, not one per field. */
    private static final String PG_ENVELOPE_JSON = " CROSS JOIN LATERAL (SELECT o.envelope_json::jsonb AS j OFFSET 0) x";

    @Override
    public Map<String, String> publishExternal(List<OutboxStore.Row> rows) {
        throw new UnsupportedOperationException("the JDBC bus publishes inside the relay's transaction");
    }

    @Override
    public void ensureGroup(String topic, String groupId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO _dazzle_consumer_offsets (topic, group_id,"
                     + " last_sequence) VALUES (?, ?, 0) ON CONFLICT (topic, group_id) DO NOTHING")) {
            ps.setString(1, topic);
            ps.setString(2, groupId);
            ps.executeUpdate();
        }
    }

    @Override
    public int poll(String topic, String groupId, String consumerName, int max, BatchSink sink) throws Exception {
        // SQLite: read the batch before taking the single writer (a WAL reader runs beside the writer), so the write
        // transaction below only re-checks the position; an empty poll never takes the writer at all
        List<EventEnvelope> prefetched = null;
        long prefetchedFrom = -1;
        long prefetchedTo = -1;
        if (dialect == SqlDialect.SQLITE) {
            try (Connection r = dataSource.getConnection()) {
                try (PreparedStatement ps = Db.cached(r, "SELECT last_sequence FROM _dazzle_consumer_offsets"
                        + " WHERE topic = ? AND group_id = ?")) {
                    ps.setString(1, topic);
                    ps.setString(2, groupId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return -1;
                        }
                        prefetchedFrom = rs.getLong(1);
                    }
                }
                prefetched = new ArrayList<>();
                prefetchedTo = readSqliteLog(r, topic, prefetchedFrom, max, prefetched);
            }
            if (prefetched.isEmpty()) {
                return 0;
            }
        }
        Connection c = Db.begin(dataSource, dialect);
        try {
            List<EventEnvelope> batch = new ArrayList<>();
            long maxSeq;
            if (dialect == SqlDialect.POSTGRES) {
                // one round trip: lock the group's position row (SKIP LOCKED: another instance holds the group -> no
                // row) and read the events after it
                try (PreparedStatement ps = c.prepareStatement("SELECT e.*, o.last_sequence FROM (SELECT last_sequence"
                        + " FROM _dazzle_consumer_offsets WHERE topic = ? AND group_id = ? FOR UPDATE SKIP LOCKED) o"
                        + " LEFT JOIN LATERAL (SELECT " + COLS + " FROM _dazzle_events WHERE topic = ? AND"
                        + " sequence_num > o.last_sequence ORDER BY sequence_num LIMIT ?) e ON true")) {
                    ps.setString(1, topic);
                    ps.setString(2, groupId);
                    ps.setString(3, topic);
                    ps.setInt(4, max);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return -1;
                        }
                        maxSeq = rs.getLong(13);
                        do {
                            if (rs.getString(1) != null) {
                                batch.add(envelope(rs));
                                maxSeq = rs.getLong(12);
                            }
                        } while (rs.next());
                    }
                }
            } else {
                // take SQLite's write lock first, so the later writes cannot fail on a stale read snapshot
                long last;
                try (PreparedStatement ps = Db.cached(c, "UPDATE _dazzle_consumer_offsets SET last_sequence"
                        + " = last_sequence WHERE topic = ? AND group_id = ? RETURNING last_sequence")) {
                    ps.setString(1, topic);
                    ps.setString(2, groupId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return -1;
                        }
                        last = rs.getLong(1);
                    }
                }
                if (last == prefetchedFrom) {
                    // nobody moved the group since the read: the events after `last` are the ones read (sequence
                    // numbers are handed out in commit order, so a later commit only adds events after them)
                    batch = prefetched;
                    maxSeq = prefetchedTo;
                } else {
                    maxSeq = readSqliteLog(c, topic, last, max, batch);
                }
            }
            if (batch.isEmpty()) {
                c.rollback();
                return 0;
            }
            sink.accept(c, batch);
            try (PreparedStatement ps = Db.cached(c, "UPDATE _dazzle_consumer_offsets SET last_sequence = ?,"
                    + " last_processed_at = ? WHERE topic = ? AND group_id = ?")) {
                ps.setLong(1, maxSeq);
                if (dialect == SqlDialect.POSTGRES) {
                    ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                } else {
                    ps.setString(2, Db.nowIso());
                }
                ps.setString(3, topic);
                ps.setString(4, groupId);
                ps.executeUpdate();
            }
            c.commit();
            return batch.size();
        } finally {
            Db.release(c);
        }
    }

    /**
     * SQLite: up to {@code max} events of {@code topic} after sequence number {@code after}, in order, into {@code
     * out}: the copies made before V54 (all numbered below any published outbox row), then the published outbox rows.
     *
     * @return the sequence number of the last event read ({@code after} when none)
     */
    private long readSqliteLog(Connection c, String topic, long after, int max, List<EventEnvelope> out)
            throws SQLException {
        long last = after;
        if (out.size() < max) {
            try (PreparedStatement ps = Db.cached(c, "SELECT " + COLS + " FROM _dazzle_events WHERE topic = ?"
                    + " AND sequence_num > ? ORDER BY sequence_num LIMIT ?")) {
                ps.setString(1, topic);
                ps.setLong(2, last);
                ps.setInt(3, max - out.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(envelope(rs));
                        last = rs.getLong(12);
                    }
                }
            }
        }
        if (out.size() >= max) {
            return last;
        }
        // the published outbox rows: those the outbox's append wrote (bus_ready, V55: an event's own serialised form,
        // whose id, type and key columns are the envelope's) are read from their envelope text once, in Java; any
        // other row, and one the quick read does not take as it is, through the bus-log columns, as the view gives it
        try (PreparedStatement ps = Db.cached(c, "SELECT CASE WHEN o.bus_ready = 1 THEN o.envelope_json END,"
                + " p.seq FROM " + SQLITE_PUB_JOIN + " WHERE p.topic = ? AND p.seq > ? ORDER BY p.seq LIMIT ?")) {
            ps.setString(1, topic);
            ps.setLong(2, last);
            ps.setInt(3, max - out.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(2);
                    EventEnvelope e = quickEnvelope(rs.getString(1));
                    out.add(e != null ? e : sqliteLogRow(c, topic, seq));
                    last = seq;
                }
            }
        }
        return last;
    }

    /**
     * The stored envelope text read as the bus log gives it, or null when the bus-log columns could differ from a
     * plain read (the payload is not a JSON object, a header value is not text, the text does not read).
     */
    static EventEnvelope quickEnvelope(String json) {
        if (json == null) {
            return null;
        }
        EventEnvelope e;
        try {
            e = EventEnvelope.fromJson(json);
        } catch (RuntimeException notPlain) {
            return null;
        }
        return e.payload().isObject() ? e : null;
    }

    /** One published outbox row through the bus-log columns ({@link #SQLITE_OUTBOX_COLS}). */
    private EventEnvelope sqliteLogRow(Connection c, String topic, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SQLITE_OUTBOX_COLS + " FROM " + SQLITE_PUB_JOIN
                + " WHERE p.topic = ? AND p.seq = ?")) {
            ps.setString(1, topic);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("bus log row " + seq + " of " + topic + " vanished while read");
                }
                return envelope(rs);
            }
        }
    }

    /** The bus log as the endpoints read it: the table on PostgreSQL, the view over it and the outbox on SQLite. */
    private String log() {
        return dialect == SqlDialect.POSTGRES ? "_dazzle_events" : SQLITE_LOG;
    }

    private EventEnvelope envelope(ResultSet rs) throws SQLException {
        Map<String, String> headers = new LinkedHashMap<>();
        String h = rs.getString(7);
        if (h != null) {
            readObject(h).fields().forEachRemaining(en -> {
                var v = en.getValue();
                if (!v.isNull()) { // as a read of the envelope text: a null header is no header
                    headers.put(en.getKey(), v.isTextual() ? v.asText() : v.toString());
                }
            });
        }
        String corr = rs.getString(8);
        String caus = rs.getString(9);
        return new EventEnvelope(UUID.fromString(rs.getString(1)), rs.getString(3), rs.getString(4),
                corr == null ? null : UUID.fromString(corr), caus == null ? null : UUID.fromString(caus),
                rs.getString(5), (ObjectNode) readObject(rs.getString(6)), headers, wireTime(rs, 10),
                rs.getString(11), null);
    }

    private static com.fasterxml.jackson.databind.JsonNode readObject(String json) {
        try {
            var n = Wire.mapper().readTree(json);
            return n != null && n.isObject() ? n : Wire.mapper().createObjectNode();
        } catch (Exception e) {
            return Wire.mapper().createObjectNode();
        }
    }

    private WireTime wireTime(ResultSet rs, int col) throws SQLException {
        if (dialect == SqlDialect.POSTGRES) {
            OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
            return t == null ? null : WireTime.pythonIso(t);
        }
        String s = rs.getString(col);
        return s == null ? null : WireTime.parse(s);
    }

    private String timeText(ResultSet rs, int col) throws SQLException {
        if (dialect == SqlDialect.POSTGRES) {
            OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
            return t == null ? null : WireTime.pythonIso(t).text();
        }
        String s = rs.getString(col);
        return s == null ? null : WireTime.pythonIso(WireTime.parse(s).toInstant()).text();
    }

    @Override
    public DlqStore dlq() {
        return dlq;
    }

    @Override
    public List<TopicStat> topics() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, List<String>> groups = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT topic, group_id FROM _dazzle_consumer_offsets"
                    + " ORDER BY topic, group_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            Map<String, Long> dlqCounts = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT topic, count(*) FROM _dazzle_dlq GROUP BY topic");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dlqCounts.put(rs.getString(1), rs.getLong(2));
                }
            }
            List<TopicStat> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(dialect == SqlDialect.POSTGRES
                    ? "SELECT topic, count(*), min(timestamp), max(timestamp) FROM _dazzle_events GROUP BY topic"
                    + " ORDER BY topic"
                    // SQLite (V54): the copies before V54 and the published outbox rows, aggregated part by part
                    : "SELECT topic, sum(n), min(t0), max(t1) FROM (SELECT topic, count(*) AS n, min(timestamp) AS t0,"
                    + " max(timestamp) AS t1 FROM _dazzle_events GROUP BY topic UNION ALL SELECT p.topic, count(*),"
                    + " min(o.envelope_json ->> '$.timestamp'), max(o.envelope_json ->> '$.timestamp') FROM "
                    + SQLITE_PUB_JOIN + " GROUP BY p.topic) GROUP BY topic ORDER BY topic");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String t = rs.getString(1);
                    out.add(new TopicStat(t, rs.getLong(2), groups.getOrDefault(t, List.of()),
                            dlqCounts.getOrDefault(t, 0L), timeText(rs, 3), timeText(rs, 4)));
                }
            }
            return out;
        }
    }

    @Override
    public TopicPage page(String topic, int offset, int limit, String key, String eventType) throws SQLException {
        if (dialect == SqlDialect.SQLITE) {
            return pageSqlite(topic, offset, limit, key, eventType);
        }
        StringBuilder where = new StringBuilder(" WHERE topic = ?");
        List<String> args = new ArrayList<>();
        args.add(topic);
        if (key != null) {
            where.append(" AND key = ?");
            args.add(key);
        }
        if (eventType != null) {
            where.append(" AND event_type = ?");
            args.add(eventType);
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM _dazzle_events" + where)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<StoredEvent> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM _dazzle_events" + where
                    + " ORDER BY sequence_num LIMIT ? OFFSET ?")) {
                int i = 1;
                for (String a : args) {
                    ps.setString(i++, a);
                }
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new StoredEvent(envelope(rs), rs.getString(2)));
                    }
                }
            }
            return new TopicPage(events, total);
        }
    }

    /**
     * SQLite page of the bus log (V54): each part (copies before V54, published outbox rows) counted and read on its
     * own tables and indexes, so the columns taken from an envelope's JSON are only extracted for the rows of the
     * page's range, never for the whole topic.
     */
    private TopicPage pageSqlite(String topic, int offset, int limit, String key, String eventType)
            throws SQLException {
        StringBuilder old = new StringBuilder(" WHERE topic = ?");
        StringBuilder pub = new StringBuilder(" WHERE p.topic = ?");
        List<String> args = new ArrayList<>();
        args.add(topic);
        if (key != null) {
            old.append(" AND key = ?");
            pub.append(" AND o.key = ?");
            args.add(key);
        }
        if (eventType != null) {
            old.append(" AND event_type = ?");
            pub.append(" AND o.event_type = ?");
            args.add(eventType);
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM _dazzle_events" + old
                    + ") + (SELECT count(*) FROM " + SQLITE_PUB_JOIN + pub + ")")) {
                int i = 1;
                for (int part = 0; part < 2; part++) {
                    for (String a : args) {
                        ps.setString(i++, a);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<StoredEvent> events = new ArrayList<>();
            long window = (long) offset + limit;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (SELECT " + COLS + " FROM _dazzle_events"
                    + old + " ORDER BY sequence_num LIMIT ?) UNION ALL SELECT * FROM (SELECT " + SQLITE_OUTBOX_COLS
                    + " FROM " + SQLITE_PUB_JOIN + pub + " ORDER BY p.seq LIMIT ?) ORDER BY 12"
                    + " LIMIT ? OFFSET ?")) {
                int i = 1;
                for (int part = 0; part < 2; part++) {
                    for (String a : args) {
                        ps.setString(i++, a);
                    }
                    ps.setLong(i++, window);
                }
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new StoredEvent(envelope(rs), rs.getString(2)));
                    }
                }
            }
            return new TopicPage(events, total);
        }
    }

    @Override
    public Optional<StoredEvent> find(String eventId) throws SQLException {
        String id;
        try {
            id = UUID.fromString(eventId).toString();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM " + log() + " WHERE id = "
                     + (dialect == SqlDialect.POSTGRES ? "?::uuid" : "?"))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredEvent(envelope(rs), rs.getString(2))) : Optional.empty();
            }
        }
    }

    @Override
    public List<ConsumerPosition> consumers() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT o.group_id, o.topic, o.last_sequence,"
                     + " (SELECT count(*) FROM _dazzle_events e WHERE e.topic = o.topic"
                     + " AND e.sequence_num > o.last_sequence)"
                     + (dialect == SqlDialect.SQLITE ? " + (SELECT count(*) FROM " + SQLITE_PUB + " b WHERE"
                     + " b.topic = o.topic AND b.seq > o.last_sequence)" : "")
                     + " FROM _dazzle_consumer_offsets o ORDER BY o.topic, o.group_id");
             ResultSet rs = ps.executeQuery()) {
            List<ConsumerPosition> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new ConsumerPosition(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
            return out;
        }
    }

    @Override
    public void close() {
        // the DataSource belongs to the core
    }

    /** {@code _dazzle_dlq}: unique per (event, group); re-dead-lettering bumps attempts and keeps created_at. */
    final class JdbcDlq implements DlqStore {

        @Override
        public void add(Connection tx, String topic, String groupId, EventEnvelope envelope, String reasonCode,
                        String reasonMessage, int attempts) throws SQLException {
            String sql = dialect == SqlDialect.POSTGRES
                    ? "INSERT INTO _dazzle_dlq (event_id, topic, group_id, envelope, reason_code, reason_message,"
                    + " reason_metadata, attempts) VALUES (?::uuid, ?, ?, ?::jsonb, ?, ?, '{}'::jsonb, ?)"
                    + " ON CONFLICT (event_id, group_id) DO UPDATE SET attempts = _dazzle_dlq.attempts + EXCLUDED.attempts,"
                    + " reason_code = EXCLUDED.reason_code, reason_message = EXCLUDED.reason_message"
                    : "INSERT INTO _dazzle_dlq (event_id, topic, group_id, envelope, reason_code, reason_message,"
                    + " reason_metadata, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?)"
                    + " ON CONFLICT (event_id, group_id) DO UPDATE SET attempts = _dazzle_dlq.attempts + excluded.attempts,"
                    + " reason_code = excluded.reason_code, reason_message = excluded.reason_message";
            try (PreparedStatement ps = tx.prepareStatement(sql)) {
                ps.setString(1, envelope.eventId().toString());
                ps.setString(2, topic);
                ps.setString(3, groupId);
                ps.setString(4, Wire.write(envelope));
                ps.setString(5, reasonCode);
                ps.setString(6, reasonMessage == null ? "" : reasonMessage);
                ps.setInt(7, attempts);
                if (dialect == SqlDialect.SQLITE) {
                    ps.setString(8, Db.nowIso());
                }
                ps.executeUpdate();
            }
        }

        private String where(String topic, String groupId, List<String> args) {
            StringBuilder w = new StringBuilder(" WHERE 1 = 1");
            if (topic != null && !topic.isEmpty()) {
                w.append(" AND topic = ?");
                args.add(topic);
            }
            if (groupId != null && !groupId.isEmpty()) {
                w.append(" AND group_id = ?");
                args.add(groupId);
            }
            return w.toString();
        }

        @Override
        public List<Entry> list(String topic, String groupId, int offset, int limit) throws SQLException {
            List<String> args = new ArrayList<>();
            String w = where(topic, groupId, args);
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT event_id, topic, group_id, reason_code,"
                         + " reason_message, attempts, created_at, envelope FROM _dazzle_dlq" + w
                         + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
                int i = 1;
                for (String a : args) {
                    ps.setString(i++, a);
                }
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Entry> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                    return out;
                }
            }
        }

        private Entry entry(ResultSet rs) throws SQLException {
            return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getInt(6), timeText(rs, 7), EventEnvelope.fromJson(rs.getString(8)));
        }

        @Override
        public long count(String topic, String groupId) throws SQLException {
            List<String> args = new ArrayList<>();
            String w = where(topic, groupId, args);
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM _dazzle_dlq" + w)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        @Override
        public Optional<Entry> remove(String eventId, String groupId) throws SQLException {
            String id = UUID.fromString(eventId).toString(); // malformed -> IllegalArgumentException ("Replay failed")
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM _dazzle_dlq WHERE event_id = "
                         + (dialect == SqlDialect.POSTGRES ? "?::uuid" : "?") + " AND group_id = ? RETURNING"
                         + " event_id, topic, group_id, reason_code, reason_message, attempts, created_at, envelope")) {
                ps.setString(1, id);
                ps.setString(2, groupId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
                }
            }
        }
    }
}
