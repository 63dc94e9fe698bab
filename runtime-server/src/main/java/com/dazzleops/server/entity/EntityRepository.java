package com.dazzleops.server.entity;

import com.dazzleops.server.db.Dialect;
import com.dazzleops.server.db.Identifiers;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spec.FieldSpec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic SQL for every entity, driven by the {@link EntitySpec}: identifiers are validated and quoted before they
 * reach SQL text, values are always bound. Keeps {@code _dazzle_entity_counts} in step with inserts and deletes in the
 * same transaction, so {@code /_dazzle/stats} reads exact counts without scanning tables.
 */
public final class EntityRepository {

    private final Dialect dialect;

    public EntityRepository(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A row filter applied to every read and write (tenant scope): {@code column = value}. */
    public record Scope(String column, String value) {
        public static final Scope NONE = new Scope(null, null);

        public boolean isNone() {
            return column == null;
        }
    }

    public record Page(List<Map<String, Object>> items, long total) {
    }

    public Map<String, Object> get(Connection c, EntitySpec e, String id, Scope scope) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(Identifiers.quote(e.name()))
                .append(" WHERE ").append(Identifiers.quote("id")).append(" = ?");
        if (!scope.isNone()) {
            sql.append(" AND ").append(Identifiers.quote(scope.column())).append(" = ?");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, id);
            if (!scope.isNone()) {
                ps.setString(2, scope.value());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? readRow(rs, e) : null;
            }
        }
    }

    public void insert(Connection c, EntitySpec e, Map<String, Object> row) throws SQLException {
        StringBuilder cols = new StringBuilder();
        StringBuilder qs = new StringBuilder();
        List<FieldSpec> bound = new ArrayList<>();
        for (FieldSpec f : e.fields()) {
            if (!row.containsKey(f.name())) {
                continue;
            }
            if (!bound.isEmpty()) {
                cols.append(", ");
                qs.append(", ");
            }
            cols.append(Identifiers.quote(f.name()));
            qs.append('?');
            bound.add(f);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Identifiers.quote(e.name()) + " (" + cols + ") VALUES (" + qs + ")")) {
            for (int i = 0; i < bound.size(); i++) {
                Values.bind(ps, i + 1, bound.get(i), row.get(bound.get(i).name()));
            }
            ps.executeUpdate();
        }
        adjustCount(c, e.name(), 1);
    }

    public int update(Connection c, EntitySpec e, String id, Map<String, Object> changes) throws SQLException {
        if (changes.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(Identifiers.quote(e.name())).append(" SET ");
        List<FieldSpec> bound = new ArrayList<>();
        for (Map.Entry<String, Object> ch : changes.entrySet()) {
            FieldSpec f = e.field(ch.getKey()).orElseThrow(() -> new IllegalArgumentException("no field " + ch.getKey()));
            if (!bound.isEmpty()) {
                sql.append(", ");
            }
            sql.append(Identifiers.quote(f.name())).append(" = ?");
            bound.add(f);
        }
        sql.append(" WHERE ").append(Identifiers.quote("id")).append(" = ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (FieldSpec f : bound) {
                Values.bind(ps, i++, f, changes.get(f.name()));
            }
            ps.setString(i, id);
            return ps.executeUpdate();
        }
    }

    public boolean delete(Connection c, EntitySpec e, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + Identifiers.quote(e.name()) + " WHERE " + Identifiers.quote("id") + " = ?")) {
            ps.setString(1, id);
            int n = ps.executeUpdate();
            if (n > 0) {
                adjustCount(c, e.name(), -n);
            }
            return n > 0;
        }
    }

    public Page list(Connection c, EntitySpec e, ListQuery q, Scope scope) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object[]> args = new ArrayList<>(); // {FieldSpec, value}
        if (!scope.isNone()) {
            where.append(" AND ").append(Identifiers.quote(scope.column())).append(" = ?");
            args.add(new Object[]{e.field(scope.column()).orElseThrow(), scope.value()});
        }
        for (ListQuery.Filter f : q.filters()) {
            FieldSpec fs = e.field(f.field()).orElse(null);
            if (fs == null) {
                continue;
            }
            appendFilter(where, args, fs, f);
        }
        if (q.search() != null && !q.search().isEmpty()) {
            List<String> cols = e.searchFields().isEmpty() ? textFields(e) : e.searchFields();
            if (!cols.isEmpty()) {
                where.append(" AND (");
                for (int i = 0; i < cols.size(); i++) {
                    where.append(i == 0 ? "" : " OR ").append(likeExpr(Identifiers.quote(cols.get(i)), false));
                    args.add(new Object[]{null, "%" + q.search() + "%"});
                }
                where.append(')');
            }
        }
        String table = Identifiers.quote(e.name());
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + where)) {
            bindArgs(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table).append(where);
        if (q.sort() != null && (e.hasField(q.sort()))) {
            sql.append(" ORDER BY ").append(Identifiers.quote(q.sort())).append(q.descending() ? " DESC" : " ASC");
            if (!q.sort().equals("id")) {
                sql.append(", ").append(Identifiers.quote("id")).append(q.descending() ? " DESC" : " ASC");
            }
        }
        sql.append(" LIMIT ").append(q.pageSize()).append(" OFFSET ").append((long) (q.page() - 1) * q.pageSize());
        List<Map<String, Object>> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bindArgs(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(readRow(rs, e));
                }
            }
        }
        return new Page(items, total);
    }

    private static List<String> textFields(EntitySpec e) {
        List<String> l = new ArrayList<>();
        for (FieldSpec f : e.fields()) {
            if (List.of("str", "text", "email", "url").contains(f.type())) {
                l.add(f.name());
            }
        }
        return l;
    }

    private String likeExpr(String col, boolean insensitive) {
        String c = "CAST(" + col + " AS TEXT)";
        if (insensitive) {
            return "LOWER(" + c + ") LIKE LOWER(?)";
        }
        // case-sensitive on both dialects (SQLite connections run PRAGMA case_sensitive_like = ON)
        return c + " LIKE ?";
    }

    private void appendFilter(StringBuilder where, List<Object[]> args, FieldSpec fs, ListQuery.Filter f) {
        String col = Identifiers.quote(fs.name());
        Object v = f.value();
        switch (f.op()) {
            case "eq" -> {
                where.append(" AND ").append(col).append(" = ?");
                args.add(new Object[]{fs, v});
            }
            case "ne" -> {
                where.append(" AND (").append(col).append(" <> ? OR ").append(col).append(" IS NULL)");
                args.add(new Object[]{fs, v});
            }
            case "gt", "gte", "lt", "lte" -> {
                String op = switch (f.op()) {
                    case "gt" -> ">";
                    case "gte" -> ">=";
                    case "lt" -> "<";
                    default -> "<=";
                };
                where.append(" AND ").append(col).append(' ').append(op).append(" ?");
                args.add(new Object[]{fs, v});
            }
            case "contains", "startswith", "endswith", "icontains", "istartswith", "iendswith" -> {
                boolean ins = f.op().startsWith("i");
                String base = ins ? f.op().substring(1) : f.op();
                String s = String.valueOf(v);
                String pattern = switch (base) {
                    case "contains" -> "%" + s + "%";
                    case "startswith" -> s + "%";
                    default -> "%" + s;
                };
                where.append(" AND ").append(likeExpr(col, ins));
                args.add(new Object[]{null, pattern});
            }
            case "in", "not_in" -> {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) v;
                if (values.isEmpty()) {
                    return;
                }
                where.append(" AND ").append(col).append(f.op().equals("in") ? " IN (" : " NOT IN (");
                for (int i = 0; i < values.size(); i++) {
                    where.append(i == 0 ? "?" : ", ?");
                    args.add(new Object[]{fs, values.get(i)});
                }
                where.append(')');
            }
            case "isnull" -> where.append(" AND ").append(col).append(Boolean.TRUE.equals(v) ? " IS NULL" : " IS NOT NULL");
            case "between" -> {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) v;
                where.append(" AND ").append(col).append(" BETWEEN ? AND ?");
                args.add(new Object[]{fs, values.get(0)});
                args.add(new Object[]{fs, values.get(1)});
            }
            default -> {
                // unknown operators are dropped, like invalid values
            }
        }
    }

    private static void bindArgs(PreparedStatement ps, List<Object[]> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            FieldSpec fs = (FieldSpec) args.get(i)[0];
            Object v = args.get(i)[1];
            if (fs == null) {
                ps.setString(i + 1, (String) v);
            } else {
                Values.bind(ps, i + 1, fs, v);
            }
        }
    }

    public static Map<String, Object> readRow(ResultSet rs, EntitySpec e) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldSpec f : e.fields()) {
            row.put(f.name(), Values.read(rs, f.name(), f));
        }
        return Collections.unmodifiableMap(row);
    }

    /** Adds {@code delta} to the entity's maintained row count (same transaction as the write). */
    public void adjustCount(Connection c, String entity, long delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE _dazzle_entity_counts SET row_count = row_count + ? WHERE entity = ?")) {
            ps.setLong(1, delta);
            ps.setString(2, entity);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO _dazzle_entity_counts (entity, row_count) VALUES (?, ?)")) {
                    ins.setString(1, entity);
                    ins.setLong(2, Math.max(0, delta));
                    ins.executeUpdate();
                }
            }
        }
    }

    /**
     * Recounts every entity table and stores the counts (boot, and after bulk loads that bypass the repository). On
     * PostgreSQL each table is share-locked for its count so concurrent writers cannot slip between count and store.
     */
    public void reconcileCounts(Connection c, List<EntitySpec> entities) throws SQLException {
        for (EntitySpec e : entities) {
            long n;
            try (Statement st = c.createStatement()) {
                if (dialect == Dialect.POSTGRESQL) {
                    st.execute("LOCK TABLE " + Identifiers.quote(e.name()) + " IN SHARE MODE");
                }
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + Identifiers.quote(e.name()))) {
                    rs.next();
                    n = rs.getLong(1);
                }
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE _dazzle_entity_counts SET row_count = ? WHERE entity = ?")) {
                up.setLong(1, n);
                up.setString(2, e.name());
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement ins = c.prepareStatement("INSERT INTO _dazzle_entity_counts (entity, row_count) VALUES (?, ?)")) {
                        ins.setString(1, e.name());
                        ins.setLong(2, n);
                        ins.executeUpdate();
                    }
                }
            }
        }
    }

    /** All maintained counts. */
    public Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT entity, row_count FROM _dazzle_entity_counts")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
        }
        return m;
    }
}
