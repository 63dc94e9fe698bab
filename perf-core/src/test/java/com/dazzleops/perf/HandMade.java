package com.dazzleops.perf;

import com.dazzleops.perf.gen.PerfSchema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Hand-made trace files for exact-count tests, written the way Dazzle's own Python tests do: the real DDL, rows
 * inserted positionally, short non-hex ids, one trace id for unrelated roots.
 */
public final class HandMade implements AutoCloseable {
    private final Connection c;
    private final String runId;
    private long clock = 1_000_000_000L;

    private HandMade(Path file, String runId, String endedAt) throws SQLException {
        this.c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        this.runId = runId;
        try (Statement st = c.createStatement()) {
            for (String ddl : PerfSchema.statements()) {
                st.execute(ddl);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs VALUES (?, '2026-05-19T12:00:00Z', ?, NULL, NULL, '')")) {
            ps.setString(1, runId);
            ps.setString(2, endedAt);
            ps.executeUpdate();
        }
    }

    public static HandMade create(Path file, String runId) throws SQLException {
        return new HandMade(file, runId, "2026-05-19T12:05:00+00:00");
    }

    /** Inserts a span starting after the previous one; returns its id. */
    public String span(String id, String parent, String name, String kind, String status, double durationMs, String attrs)
            throws SQLException {
        long start = clock;
        long dur = (long) (durationMs * 1e6);
        clock += dur + 1_000;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO spans VALUES (?, 't', ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, parent);
            ps.setString(3, runId);
            ps.setString(4, name);
            ps.setString(5, kind);
            ps.setString(6, status);
            ps.setLong(7, start);
            ps.setLong(8, start + dur);
            ps.setLong(9, dur);
            ps.setString(10, attrs);
            ps.executeUpdate();
        }
        return id;
    }

    public String sql(String id, String parent, String statement, double ms) throws SQLException {
        return span(id, parent, "SELECT", "client", "ok", ms, "{\"db.system\": \"postgresql\", \"db.statement\": \""
                + statement.replace("\"", "\\\"") + "\"}");
    }

    public void event(String spanId, String name, String attrs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (span_id, run_id, name, timestamp_ns, attributes_json) VALUES (?, ?, ?, 0, ?)")) {
            ps.setString(1, spanId);
            ps.setString(2, runId);
            ps.setString(3, name);
            ps.setString(4, attrs);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
