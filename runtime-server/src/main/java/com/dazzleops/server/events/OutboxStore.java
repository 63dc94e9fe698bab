package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.json.Wire;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transactional outbox table {@code _dazzle_event_outbox} (contract wire-events §10).
 *
 * <p>{@link #append} writes on the caller's connection inside the business transaction, so the event exists exactly
 * when the change that caused it commits. Reading and the relay's bookkeeping are here too.
 *
 * <p>A producer that has its events before it begins the transaction can {@link #prepare} them first (serialise each
 * envelope) and append the {@link Prepared} form: on SQLite the write transaction holds the database's only writer,
 * which the relay and every consumer wait for, so the serialising (about 1 to 1.5 us an event under load) is better
 * done before it.
 */
public final class OutboxStore {

    public static final String TABLE = "_dazzle_event_outbox";
    /**
     * SQLite (V57): the outbox as readers see it, with the status and {@code published_at} that count: a row the relay
     * published on the SQLite bus has a row in {@code _dazzle_bus_pub} and is not rewritten, so its own status column
     * still says pending. Its rowid is the column {@code outbox_rowid}.
     */
    static final String SQLITE_STATE = "_dazzle_outbox_state";
    /** SQLite (V57), a condition on an unaliased outbox row: it is published on the SQLite bus. */
    static final String SQLITE_PUBLISHED = "EXISTS (SELECT 1 FROM " + JdbcEventBus.SQLITE_PUB
            + " p WHERE p.outbox_rowid = " + TABLE + ".rowid)";
    /**
     * SQLite, a condition on an unaliased outbox row: it is fresh, i.e. an append the relay has not published or
     * tried yet (pending, {@code next_attempt_ms = 0}: see {@link #recoverStuckPublishing}; no publication, V57).
     */
    static final String SQLITE_FRESH = "status = 'pending' AND next_attempt_ms = 0 AND NOT " + SQLITE_PUBLISHED;

    /** One outbox row. */
    public record Row(String id, String topic, String eventType, String key, String envelopeJson, String status,
                      String createdAt, String publishedAt, int attempts, String lastError) {
    }

    /**
     * Events with their serialised envelopes, ready to append. Only {@link #prepare} makes one, so each text is its
     * event's own serialised form: on SQLite the appended rows are marked {@code bus_ready} on that promise, and the
     * relay does not read them again.
     */
    public static final class Prepared {
        private final List<EventEnvelope> events;
        private final List<String> envelopeJson;

        private Prepared(List<EventEnvelope> events, List<String> envelopeJson) {
            this.events = List.copyOf(events);
            this.envelopeJson = List.copyOf(envelopeJson);
        }

        public List<EventEnvelope> events() {
            return events;
        }

        List<String> envelopeJson() {
            return envelopeJson;
        }
    }

    /** Serialises the envelopes now, so that {@link #append(Connection, String, Prepared)} only writes. */
    public static Prepared prepare(List<EventEnvelope> events) {
        List<String> json = new ArrayList<>(events.size());
        for (EventEnvelope e : events) {
            json.add(Wire.write(e));
        }
        return new Prepared(events, json);
    }

    /** Counts by status and the oldest pending created_at text (verbatim). */
    public record Stats(long pending, long publishing, long published, long failed, String oldestPending) {
        public Map<String, Long> byStatus() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("pending", pending);
            m.put("publishing", publishing);
            m.put("published", published);
            m.put("failed", failed);
            return m;
        }
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public OutboxStore(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Appends pending rows on the caller's connection (its transaction decides whether they exist). */
    public void append(Connection tx, String topic, List<EventEnvelope> events) throws SQLException {
        append(tx, topic, prepare(events));
    }

    /** {@link #append(Connection, String, List)} of events serialised beforehand. */
    public void append(Connection tx, String topic, Prepared prepared) throws SQLException {
        List<EventEnvelope> events = prepared.events();
        List<String> json = prepared.envelopeJson();
        if (events.isEmpty()) {
            return;
        }
        String now = Db.nowIso();
        if (dialect == SqlDialect.POSTGRES && events.size() > 1) {
            // one statement for the whole list (arrays unnested in order, so seq follows the list), instead of one
            // server-side execution per row
            int n = events.size();
            String[] ids = new String[n];
            String[] topics = new String[n];
            String[] types = new String[n];
            String[] keys = new String[n];
            String[] bodies = new String[n];
            for (int i = 0; i < n; i++) {
                EventEnvelope e = events.get(i);
                ids[i] = e.eventId().toString();
                topics[i] = topic == null ? e.topic() : topic;
                types[i] = e.eventType();
                keys[i] = e.key();
                bodies[i] = json.get(i);
            }
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO " + TABLE
                    + " (id, topic, event_type, key, envelope_json, status, created_at, attempts, next_attempt_ms)"
                    + " SELECT i, t, y, k, j, 'pending', ?, 0, 0 FROM unnest(?::text[], ?::text[], ?::text[],"
                    + " ?::text[], ?::text[]) AS u(i, t, y, k, j)")) {
                ps.setString(1, now);
                ps.setArray(2, tx.createArrayOf("text", ids));
                ps.setArray(3, tx.createArrayOf("text", topics));
                ps.setArray(4, tx.createArrayOf("text", types));
                ps.setArray(5, tx.createArrayOf("text", keys));
                ps.setArray(6, tx.createArrayOf("text", bodies));
                ps.executeUpdate();
            }
            return;
        }
        // SQLite: bus_ready = 1 (V55): the envelope is an event object's own serialised form, so the relay need not
        // read it again to know the bus can carry it
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO " + TABLE
                + " (id, topic, event_type, key, envelope_json, status, created_at, attempts, next_attempt_ms"
                + (dialect == SqlDialect.SQLITE ? ", bus_ready) VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, 0, 1)"
                : ") VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, 0)"))) {
            for (int i = 0; i < events.size(); i++) {
                EventEnvelope e = events.get(i);
                ps.setString(1, e.eventId().toString());
                ps.setString(2, topic == null ? e.topic() : topic);
                ps.setString(3, e.eventType());
                ps.setString(4, e.key());
                ps.setString(5, json.get(i));
                ps.setString(6, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void append(Connection tx, String topic, EventEnvelope event) throws SQLException {
        append(tx, topic, List.of(event));
    }

    public Stats stats() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, count(*), min(created_at) FROM " + readable()
                     + " GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            long pending = 0;
            long publishing = 0;
            long published = 0;
            long failed = 0;
            String oldest = null;
            while (rs.next()) {
                long n = rs.getLong(2);
                switch (rs.getString(1)) {
                    case "pending" -> {
                        pending = n;
                        oldest = rs.getString(3);
                    }
                    case "publishing" -> publishing = n;
                    case "published" -> published = n;
                    case "failed" -> failed = n;
                    default -> {
                        // unknown statuses are not ours; they are not counted
                    }
                }
            }
            return new Stats(pending, publishing, published, failed, oldest);
        }
    }

    /** The most recent rows of any status, newest first (contract: 10 rows by created_at). */
    public List<Row> recent(int limit) throws SQLException {
        String cols = "id, topic, event_type, key, envelope_json, status, created_at, published_at, attempts,"
                + " last_error";
        // SQLite: the newest rows first, then their state (V57), so the view's join runs for those rows only
        String sql = dialect == SqlDialect.SQLITE
                ? "SELECT " + cols + " FROM " + SQLITE_STATE + " WHERE outbox_rowid IN (SELECT rowid FROM " + TABLE
                + " ORDER BY created_at DESC, rowid DESC LIMIT ?) ORDER BY created_at DESC, outbox_rowid DESC"
                : "SELECT " + cols + " FROM " + TABLE + " ORDER BY created_at DESC, " + dialect.outboxOrder()
                + " DESC LIMIT ?";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        }
    }

    /** Where readers read rows with the status that counts: the table, or on SQLite its state view (V57). */
    private String readable() {
        return dialect == SqlDialect.SQLITE ? SQLITE_STATE : TABLE;
    }

    static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10));
    }

    /**
     * Startup recovery: rows a crashed relay left in {@code publishing} go back to {@code pending}, due at once. With
     * {@code onlyExpired} (several instances share the database) only rows whose lease ran out are touched.
     *
     * <p>Rows put back to pending by this or by {@link #requeuePublishedSince} get {@code next_attempt_ms = 1} (due
     * now), never 0: on SQLite a pending row with 0 is a fresh append, which the relay finds by walking forward from
     * its position (V56), so a row behind that position with 0 would never be seen again.
     *
     * @return rows recovered
     */
    public int recoverStuckPublishing(boolean onlyExpired) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE
                     + " SET status = 'pending', lock_token = NULL, lock_expires_at = NULL, next_attempt_ms = 1"
                     + " WHERE status = 'publishing'" + (onlyExpired ? " AND lock_expires_at < ?" : ""))) {
            if (onlyExpired) {
                ps.setString(1, Db.nowIso());
            }
            return ps.executeUpdate();
        }
    }

    /**
     * After the bus lost its data: rows published since {@code isoCutoff} go back to pending, to be published again
     * (the bus drops ids it still has; consumers skip events they already handled). Due at once (see
     * {@link #recoverStuckPublishing} for why 1).
     */
    public int requeuePublishedSince(String isoCutoff) throws SQLException {
        // rows published in place only: a bus that can lose its data is an external one (Redis), whose relay marks
        // rows published in place; publications on the SQLite bus (V57) are the bus log itself, which is not lost
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET status = 'pending', next_attempt_ms = 1"
                     + " WHERE status = 'published' AND published_at >= ?")) {
            ps.setString(1, isoCutoff);
            return ps.executeUpdate();
        }
    }

    /**
     * Deletes published rows older than the given ISO text (housekeeping). With the JDBC bus on SQLite the published
     * rows are the bus log (V54), so this is also the bus's retention there; their publications (V57) go with them.
     */
    public int deletePublishedBefore(String isoCutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(dialect == SqlDialect.SQLITE
                     ? "DELETE FROM " + TABLE + " WHERE rowid IN (SELECT outbox_rowid FROM " + SQLITE_STATE
                     + " WHERE status = 'published' AND published_at < ?)"
                     : "DELETE FROM " + TABLE + " WHERE status = 'published' AND published_at < ?")) {
            ps.setString(1, isoCutoff);
            return ps.executeUpdate();
        }
    }
}
