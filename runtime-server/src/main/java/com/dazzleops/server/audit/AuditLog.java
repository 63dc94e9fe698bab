package com.dazzleops.server.audit;

import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.ops.audit.AuditRecord;
import com.dazzleops.server.metrics.Metrics;
import com.dazzleops.server.spi.Actor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@code _dazzle_audit_log} table: written synchronously inside each write's transaction (Dazzle queues and
 * flushes every ~1 s and may drop entries under load; ours can neither lag nor drop), queried by the audit routes.
 */
public final class AuditLog {

    public static final String TABLE = "_dazzle_audit_log";

    private final Database db;
    private final Clock clock;
    private final Metrics metrics;

    public AuditLog(Database db, Clock clock, Metrics metrics) {
        this.db = db;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * One audit entry.
     *
     * @param fieldChanges field → {old, new}; null for operations without changes
     */
    public record Entry(Actor actor, String operation, String entityName, String entityId, boolean allow,
                        String matchedPolicy, String policyEffect, RequestInfo request, String tenantId,
                        Long evaluationTimeUs, Map<String, Object[]> fieldChanges) {
    }

    /** Inserts one entry on the caller's connection (inside its transaction). */
    public void write(Connection c, Entry e) throws SQLException {
        RequestInfo r = e.request() == null ? RequestInfo.NONE : e.request();
        Actor a = e.actor();
        String changes = null;
        if (e.fieldChanges() != null) {
            Map<String, Object> m = new TreeMap<>();
            for (Map.Entry<String, Object[]> fc : e.fieldChanges().entrySet()) {
                Map<String, Object> on = new LinkedHashMap<>();
                on.put("old", pyValue(fc.getValue()[0]));
                on.put("new", pyValue(fc.getValue()[1]));
                m.put(fc.getKey(), on);
            }
            changes = AuditRecord.pythonDumps(Wire.mapper().valueToTree(m), true);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (id, timestamp, user_id, user_email, user_roles, operation, entity_name, entity_id, decision,"
                + " matched_policy, policy_effect, ip_address, request_path, request_method, tenant_id,"
                + " evaluation_time_us, field_changes, row_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, SqlTime.store(clock.instant()));
            ps.setString(3, a == null ? null : a.userId());
            ps.setString(4, a == null ? null : a.email());
            ps.setString(5, AuditRecord.pythonDumps(Wire.mapper().valueToTree(a == null ? List.of() : a.roles()), false));
            ps.setString(6, e.operation());
            ps.setString(7, e.entityName());
            ps.setString(8, e.entityId());
            ps.setString(9, e.allow() ? "allow" : "deny");
            ps.setString(10, e.matchedPolicy() == null ? "" : e.matchedPolicy());
            ps.setString(11, e.policyEffect() == null ? "" : e.policyEffect());
            ps.setString(12, r.ipAddress());
            ps.setString(13, r.path());
            ps.setString(14, r.method());
            ps.setString(15, e.tenantId());
            if (e.evaluationTimeUs() == null) {
                ps.setNull(16, java.sql.Types.INTEGER);
            } else {
                ps.setLong(16, e.evaluationTimeUs());
            }
            ps.setString(17, changes);
            ps.setString(18, null);
            ps.executeUpdate();
        }
        metrics.auditEntries.labelValues(e.operation(), e.allow() ? "allow" : "deny").inc();
    }

    /** Writes a single entry in its own transaction (denials, which have no business transaction). */
    public void writeStandalone(Entry e) {
        try {
            db.inTransaction(c -> {
                write(c, e);
                return null;
            });
        } catch (SQLException ex) {
            throw new IllegalStateException("audit write failed: " + ex.getMessage(), ex);
        }
    }

    /** Python's json.dumps of a stored value: Decimal is not JSON-serialisable in Python, so it is written as text. */
    private static Object pyValue(Object v) {
        if (v instanceof java.math.BigDecimal bd) {
            return bd.toPlainString();
        }
        return v;
    }

    /** {@code /_dazzle/audit/logs} filters (null or empty = no filter). */
    public List<Map<String, Object>> query(String entity, String operation, String userId, String since, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM " + TABLE + " WHERE 1=1");
        List<String> args = new ArrayList<>();
        if (entity != null && !entity.isEmpty()) {
            sql.append(" AND entity_name = ?");
            args.add(entity);
        }
        if (operation != null && !operation.isEmpty()) {
            sql.append(" AND operation = ?");
            args.add(operation);
        }
        if (userId != null && !userId.isEmpty()) {
            sql.append(" AND user_id = ?");
            args.add(userId);
        }
        if (since != null && !since.isEmpty()) {
            sql.append(" AND timestamp >= ?");
            args.add(since);
        }
        sql.append(" ORDER BY timestamp DESC LIMIT ").append(limit);
        return select(sql.toString(), args);
    }

    public List<Map<String, Object>> forEntity(String entity, String id, int limit) throws SQLException {
        return select("SELECT * FROM " + TABLE + " WHERE entity_name = ? AND entity_id = ? ORDER BY timestamp DESC LIMIT " + limit,
                List.of(entity, id));
    }

    /** Counts grouped by decision and by operation since {@code windowStart} (text comparison, as Dazzle). */
    public Map<String, Map<String, Long>> stats(String entity, String windowStart) throws SQLException {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        out.put("decision", group("decision", entity, windowStart));
        out.put("operation", group("operation", entity, windowStart));
        return out;
    }

    private Map<String, Long> group(String column, String entity, String since) throws SQLException {
        String sql = "SELECT " + column + ", COUNT(*) FROM " + TABLE + " WHERE timestamp >= ?"
                + (entity == null || entity.isEmpty() ? "" : " AND entity_name = ?")
                + " GROUP BY " + column + " ORDER BY COUNT(*) DESC, " + column;
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, since);
                if (entity != null && !entity.isEmpty()) {
                    ps.setString(2, entity);
                }
                Map<String, Long> m = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return m;
            }
        });
    }

    private List<Map<String, Object>> select(String sql, List<String> args) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<Map<String, Object>> rows = new ArrayList<>();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String col = md.getColumnLabel(i);
                            Object v = rs.getObject(i);
                            if (col.equals("evaluation_time_us") && v instanceof Number n) {
                                v = n.longValue();
                            }
                            row.put(col, v);
                        }
                        rows.add(row);
                    }
                    return rows;
                }
            }
        });
    }
}
