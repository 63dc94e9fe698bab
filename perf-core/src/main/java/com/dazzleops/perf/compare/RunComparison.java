package com.dazzleops.perf.compare;

import com.dazzleops.perf.read.TraceFile;
import com.dazzleops.perf.read.TraceFileException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two runs (of one file or two) per route (server spans by name) and per span name: count, p50 and p95
 * duration (nearest rank, computed with window functions in SQLite), and their deltas. Dazzle accepts
 * {@code --baseline} and ignores it; this is what it would do.
 */
public final class RunComparison {

    public enum Scope { ROUTE, SPAN }

    /** Per-name statistics of one run; p50/p95 in ns, -1 when the name does not occur. */
    public record Stats(long count, long p50Ns, long p95Ns, long totalNs) {
        static final Stats NONE = new Stats(0, -1, -1, 0);
    }

    public record Row(Scope scope, String name, Stats a, Stats b) {
        public long countDelta() {
            return b.count() - a.count();
        }

        /** B minus A in ns; 0 when the name is missing on one side. */
        public long p50DeltaNs() {
            return a.p50Ns() < 0 || b.p50Ns() < 0 ? 0 : b.p50Ns() - a.p50Ns();
        }

        public long p95DeltaNs() {
            return a.p95Ns() < 0 || b.p95Ns() < 0 ? 0 : b.p95Ns() - a.p95Ns();
        }

        /** Relative p95 change, e.g. 0.5 for +50 %; NaN when undefined. */
        public double p95Ratio() {
            return a.p95Ns() <= 0 || b.p95Ns() < 0 ? Double.NaN : (double) b.p95Ns() / a.p95Ns() - 1;
        }
    }

    private RunComparison() {
    }

    /** Rows for routes first, then span names; each group by |p95 delta| descending. */
    public static List<Row> compare(TraceFile a, String runA, TraceFile b, String runB) throws TraceFileException {
        List<Row> rows = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            Map<String, Stats> sa = stats(a, runA, scope);
            Map<String, Stats> sb = stats(b, runB, scope);
            TreeSet<String> names = new TreeSet<>(sa.keySet());
            names.addAll(sb.keySet());
            List<Row> group = new ArrayList<>();
            for (String n : names) {
                group.add(new Row(scope, n, sa.getOrDefault(n, Stats.NONE), sb.getOrDefault(n, Stats.NONE)));
            }
            group.sort(Comparator.comparingLong((Row r) -> -Math.abs(r.p95DeltaNs())).thenComparing(Row::name));
            rows.addAll(group);
        }
        return rows;
    }

    static Map<String, Stats> stats(TraceFile file, String runId, Scope scope) throws TraceFileException {
        String filter = scope == Scope.ROUTE ? " AND kind = 'server'" : "";
        String sql = "WITH d AS (SELECT name, duration_ns, row_number() OVER (PARTITION BY name ORDER BY duration_ns) rn, "
                + "count(*) OVER (PARTITION BY name) n FROM spans WHERE run_id = ?" + filter + ") "
                + "SELECT name, n, max(CASE WHEN rn = (n * 50 + 99) / 100 THEN duration_ns END), "
                + "max(CASE WHEN rn = (n * 95 + 99) / 100 THEN duration_ns END), total(duration_ns) FROM d GROUP BY name";
        Map<String, Stats> out = new LinkedHashMap<>();
        synchronized (file) {
            try (PreparedStatement ps = file.connection().prepareStatement(sql)) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Stats(rs.getLong(2), rs.getLong(3), rs.getLong(4), (long) rs.getDouble(5)));
                    }
                }
            } catch (SQLException e) {
                throw new TraceFileException(TraceFileException.Reason.CORRUPT,
                        "comparison failed on " + file.path().getFileName() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
