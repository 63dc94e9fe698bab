package com.dazzleops.perf.findings;

import com.dazzleops.model.perf.FindingsReport;
import com.dazzleops.model.perf.FindingsReport.BootCost;
import com.dazzleops.model.perf.FindingsReport.ExceptionFinding;
import com.dazzleops.model.perf.FindingsReport.NPlusOne;
import com.dazzleops.model.perf.FindingsReport.RenderFanOut;
import com.dazzleops.model.perf.FindingsReport.SlowEndpoint;
import com.dazzleops.model.perf.FindingsReport.SlowPhase;
import com.dazzleops.model.perf.FindingsReport.SlowQuery;
import com.dazzleops.model.perf.PerfRun;
import com.dazzleops.perf.read.Attributes;
import com.dazzleops.perf.read.RunSummary;
import com.dazzleops.perf.read.TraceFile;
import com.dazzleops.perf.read.TraceFileException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import org.sqlite.Function;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The findings of {@code dazzle perf report}, computed with SQL over the trace file (the statement extraction and
 * normalisation is registered as a SQLite function; it reads Python's NaN and skips broken attributes_json).
 *
 * <p>Same categories, thresholds, caps, orders and JSON shape as Dazzle, with its known rule errors fixed
 * (contract §4 and §7); each difference is named where it is computed:
 * <ul>
 *   <li>N+1 is detected per parent <em>instance</em> (one request running the statement ≥ 3 times), not per parent
 *       name across the run; {@code repetitions} is the largest count under one parent.</li>
 *   <li>Render fan-out counts {@code region.render} <em>descendants</em> of each server span (through
 *       {@code fragment.emit}), as Dazzle's docstring intends; Dazzle's one-level join is always empty on real traces.</li>
 *   <li>Phase totals do not double-count a phase nested directly in a span of the same name (recursive
 *       {@code predicate.compile}); calls and max still count every span.</li>
 *   <li>Exceptions: an {@code exception} event without {@code exception.message} falls back to the span's
 *       {@code error.message}; an error span counts once per distinct message (re-exported spans duplicate events).</li>
 *   <li>SQL findings also read {@code db.query.text} (the stable semantic-convention name) when {@code db.statement}
 *       is absent.</li>
 *   <li>A run without a {@code runs} row gives a report with unknown times instead of a crash.</li>
 * </ul>
 */
public final class FindingsEngine {

    static final List<String> PHASES = List.of("dsl.parse", "predicate.compile", "aggregate.expression.compile",
            "aggregate.build_sql", "repo.aggregate", "region.render", "fragment.emit");
    static final int N_PLUS_ONE_THRESHOLD = 3;
    private static final int LINKS = 50;

    /** The normalised SQL statement of a span's attributes, or NULL (a SQLite function backed by {@link #statement}). */
    private static final String STATEMENT = "dz_stmt(s.attributes_json)";
    private static final String SQL_SPANS = "FROM spans s WHERE s.run_id = ?1 AND s.kind = 'client' "
            + "AND (s.attributes_json LIKE '%\"db.statement\"%' OR s.attributes_json LIKE '%\"db.query.text\"%')";

    private FindingsEngine() {
    }

    public static FindingsResult compute(TraceFile file, String runId) throws TraceFileException {
        RunSummary summary = file.run(runId).orElseThrow(() -> new TraceFileException(TraceFileException.Reason.NO_RUNS,
                "run " + runId + " is not in " + file.path().getFileName()));
        PerfRun run = summary.run();
        synchronized (file) {
            Connection c = file.connection();
            try {
                Function.create(c, "dz_stmt", new Function() {
                    @Override
                    protected void xFunc() throws SQLException {
                        result(SqlNormalizer.normalize(statement(value_text(0))));
                    }
                }, 1, Function.FLAG_DETERMINISTIC);
                List<Finding> links = new ArrayList<>();
                List<SlowEndpoint> endpoints = slowEndpoints(c, runId, links);
                List<SlowQuery> queries = slowQueries(c, runId, links);
                List<NPlusOne> nPlusOne = nPlusOne(c, runId, links);
                List<SlowPhase> phases = slowPhases(c, runId, links);
                List<RenderFanOut> fanout = renderFanout(c, runId, links);
                BootCost boot = bootCost(c, runId, links);
                List<ExceptionFinding> exceptions = exceptions(c, runId, links);
                FindingsReport report = new FindingsReport(run.runId(), run.appName(), run.startedAt(), run.endedAt(),
                        endpoints, queries, nPlusOne, phases, fanout, boot, exceptions);
                return new FindingsResult(report, links);
            } catch (SQLException e) {
                throw new TraceFileException(TraceFileException.Reason.CORRUPT,
                        "findings failed on " + file.path().getFileName() + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<SlowEndpoint> slowEndpoints(Connection c, String runId, List<Finding> links) throws SQLException {
        // p95 as Dazzle computes it (NTILE(20)): the k-th smallest with k = n - floor(n/20).
        String sql = "WITH e AS (SELECT s.name, s.duration_ns, row_number() OVER (PARTITION BY s.name ORDER BY s.duration_ns) rn, "
                + "count(*) OVER (PARTITION BY s.name) n FROM spans s WHERE s.run_id = ?1 AND s.kind = 'server') "
                + "SELECT name, n, total(duration_ns), max(CASE WHEN rn = n - n / 20 THEN duration_ns END) FROM e "
                + "GROUP BY name ORDER BY total(duration_ns) DESC, name LIMIT 10";
        List<SlowEndpoint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SlowEndpoint(rs.getString(1), rs.getInt(2), rs.getDouble(3) / 1e6, rs.getLong(4) / 1e6));
                }
            }
        }
        for (SlowEndpoint e : out) {
            links.add(new Finding(Finding.Category.SLOW_ENDPOINT, e.route(),
                    String.format(Locale.ROOT, "%d calls · total %.1f ms · p95 %.1f ms", e.calls(), e.totalMs(), e.p95Ms()),
                    slowestByName(c, runId, e.route(), "server")));
        }
        return out;
    }

    private static List<SlowQuery> slowQueries(Connection c, String runId, List<Finding> links) throws SQLException {
        String sql = "WITH q AS (SELECT s.rowid AS rid, s.span_id, s.duration_ns, " + STATEMENT + " AS stmt " + SQL_SPANS + "), "
                + "w AS (SELECT stmt, span_id, count(*) OVER g AS n, total(duration_ns) OVER g AS tot, min(rid) OVER g AS first, "
                + "row_number() OVER (PARTITION BY stmt ORDER BY duration_ns DESC) AS rk FROM q WHERE stmt IS NOT NULL "
                + "WINDOW g AS (PARTITION BY stmt)) "
                + "SELECT stmt, n, tot, first, span_id FROM w WHERE rk <= " + LINKS + " ORDER BY tot DESC, first, rk";
        Map<String, Object[]> groups = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String stmt = rs.getString(1);
                    Object[] g = groups.computeIfAbsent(stmt, k -> {
                        try {
                            return new Object[] {rs.getInt(2), rs.getDouble(3), new ArrayList<String>()};
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    @SuppressWarnings("unchecked") List<String> ids = (List<String>) g[2];
                    ids.add(rs.getString(5));
                }
            }
        }
        List<SlowQuery> out = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : groups.entrySet()) {
            if (out.size() == 10) {
                break;
            }
            Object[] g = e.getValue();
            SlowQuery q = new SlowQuery(e.getKey(), (Integer) g[0], (Double) g[1] / 1e6);
            out.add(q);
            @SuppressWarnings("unchecked") List<String> ids = (List<String>) g[2];
            links.add(new Finding(Finding.Category.SLOW_QUERY, q.statement(),
                    String.format(Locale.ROOT, "%d calls · total %.1f ms", q.calls(), q.totalMs()), ids));
        }
        return out;
    }

    private static List<NPlusOne> nPlusOne(Connection c, String runId, List<Finding> links) throws SQLException {
        String sql = "WITH q AS (SELECT s.parent_span_id AS pid, " + STATEMENT + " AS stmt, s.duration_ns " + SQL_SPANS
                + " AND s.parent_span_id IS NOT NULL), "
                + "g AS (SELECT pid, stmt, count(*) AS reps, total(duration_ns) AS tot FROM q WHERE stmt IS NOT NULL "
                + "GROUP BY pid, stmt HAVING count(*) >= " + N_PLUS_ONE_THRESHOLD + ") "
                + "SELECT p.name, g.stmt, g.reps, g.tot, g.pid FROM g JOIN spans p ON p.span_id = g.pid AND p.run_id = ?1 "
                + "ORDER BY g.reps DESC, p.started_ns";
        Map<List<String>, List<Object[]>> groups = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new Object[] {rs.getInt(3), rs.getDouble(4), rs.getString(5)});
                }
            }
        }
        List<NPlusOne> out = new ArrayList<>();
        List<Finding> found = new ArrayList<>();
        for (Map.Entry<List<String>, List<Object[]>> e : groups.entrySet()) {
            List<Object[]> instances = e.getValue();
            int max = instances.stream().mapToInt(i -> (Integer) i[0]).max().orElse(0);
            double total = instances.stream().mapToDouble(i -> (Double) i[1]).sum() / 1e6;
            NPlusOne n = new NPlusOne(e.getKey().get(0), e.getKey().get(1), max);
            out.add(n);
            found.add(new Finding(Finding.Category.N_PLUS_ONE, n.parentSpan() + " → " + n.childStatement(),
                    String.format(Locale.ROOT, "up to %d repetitions under one parent · %d parents affected · %.1f ms in these queries",
                            max, instances.size(), total),
                    instances.stream().limit(LINKS).map(i -> (String) i[2]).toList()));
        }
        // stable order by repetitions, as Dazzle's sort
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> -out.get(i).repetitions()));
        List<NPlusOne> sorted = new ArrayList<>();
        for (int i : order) {
            sorted.add(out.get(i));
            links.add(found.get(i));
        }
        return sorted;
    }

    private static List<SlowPhase> slowPhases(Connection c, String runId, List<Finding> links) throws SQLException {
        String in = String.join(", ", PHASES.stream().map(p -> "'" + p + "'").toList());
        String sql = "SELECT s.name, count(*), total(CASE WHEN p.name IS s.name THEN 0 ELSE s.duration_ns END), max(s.duration_ns) "
                + "FROM spans s LEFT JOIN spans p ON p.span_id = s.parent_span_id AND p.run_id = s.run_id "
                + "WHERE s.run_id = ?1 AND s.kind = 'internal' AND s.name IN (" + in + ") "
                + "GROUP BY s.name ORDER BY 3 DESC, s.name LIMIT 10";
        List<SlowPhase> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SlowPhase(rs.getString(1), rs.getInt(2), rs.getDouble(3) / 1e6, rs.getLong(4) / 1e6));
                }
            }
        }
        for (SlowPhase p : out) {
            links.add(new Finding(Finding.Category.SLOW_PHASE, p.name(),
                    String.format(Locale.ROOT, "%d calls · total %.1f ms · max %.1f ms", p.calls(), p.totalMs(), p.maxMs()),
                    slowestByName(c, runId, p.name(), "internal")));
        }
        return out;
    }

    private static List<RenderFanOut> renderFanout(Connection c, String runId, List<Finding> links) throws SQLException {
        // Walk up from every region.render to its nearest server ancestor (depth-capped: cycles cannot loop).
        String sql = "WITH RECURSIVE up(rid, cur, depth) AS ("
                + " SELECT s.span_id, s.parent_span_id, 0 FROM spans s WHERE s.run_id = ?1 AND s.name = 'region.render'"
                + " UNION ALL SELECT up.rid, p.parent_span_id, up.depth + 1 FROM up CROSS JOIN spans p ON p.span_id = up.cur AND p.run_id = ?1"
                + " WHERE p.kind <> 'server' AND up.depth < 64) "
                + "SELECT srv.name, srv.span_id, count(*), total(r.duration_ns) FROM up "
                + "JOIN spans srv ON srv.span_id = up.cur AND srv.run_id = ?1 AND srv.kind = 'server' "
                + "JOIN spans r ON r.span_id = up.rid "
                + "GROUP BY srv.span_id ORDER BY count(*) DESC, srv.started_ns";
        Map<String, Object[]> routes = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] g = routes.computeIfAbsent(rs.getString(1), k -> new Object[] {0, 0.0, new ArrayList<String>(), 0});
                    g[0] = (Integer) g[0] + rs.getInt(3);
                    g[1] = (Double) g[1] + rs.getDouble(4);
                    g[3] = Math.max((Integer) g[3], rs.getInt(3));
                    @SuppressWarnings("unchecked") List<String> ids = (List<String>) g[2];
                    if (ids.size() < LINKS) {
                        ids.add(rs.getString(2));
                    }
                }
            }
        }
        List<Map.Entry<String, Object[]>> sorted = new ArrayList<>(routes.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<String, Object[]> e) -> -(Integer) e.getValue()[0]));
        List<RenderFanOut> out = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : sorted) {
            if (out.size() == 10) {
                break;
            }
            Object[] g = e.getValue();
            RenderFanOut f = new RenderFanOut(e.getKey(), (Integer) g[0], (Double) g[1] / 1e6);
            out.add(f);
            @SuppressWarnings("unchecked") List<String> ids = (List<String>) g[2];
            links.add(new Finding(Finding.Category.RENDER_FANOUT, f.route(),
                    String.format(Locale.ROOT, "%d region renders (up to %d in one request) · %.1f ms", f.regionRenders(),
                            (Integer) g[3], f.totalMs()), ids));
        }
        return out;
    }

    private static BootCost bootCost(Connection c, String runId, List<Finding> links) throws SQLException {
        String sql = "SELECT name, count(*), total(duration_ns) FROM spans WHERE run_id = ?1 AND name IN ('dsl.parse', 'route.gen') GROUP BY name";
        double parse = 0;
        double route = 0;
        boolean any = false;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    any = true;
                    if ("dsl.parse".equals(rs.getString(1))) {
                        parse = rs.getDouble(3) / 1e6;
                    } else {
                        route = rs.getDouble(3) / 1e6;
                    }
                }
            }
        }
        if (!any) {
            return null;
        }
        BootCost b = new BootCost(parse, route, parse + route);
        List<String> ids = new ArrayList<>(slowestByName(c, runId, "dsl.parse", null));
        ids.addAll(slowestByName(c, runId, "route.gen", null));
        links.add(new Finding(Finding.Category.BOOT_COST, "boot",
                String.format(Locale.ROOT, "dsl.parse %.1f ms · route.gen %.1f ms · total %.1f ms", parse, route, parse + route), ids));
        return b;
    }

    private static List<ExceptionFinding> exceptions(Connection c, String runId, List<Finding> links) throws SQLException {
        String sql = "SELECT s.span_id, s.name, s.attributes_json, e.attributes_json FROM spans s "
                + "LEFT JOIN events e ON e.span_id = s.span_id AND e.name = 'exception' "
                + "WHERE s.run_id = ?1 AND s.status = 'error' ORDER BY s.started_ns, s.rowid, e.timestamp_ns";
        // (span name, message) -> distinct span ids, first-seen order
        Map<List<String>, Set<String>> groups = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String spanId = rs.getString(1);
                    Attributes spanAttrs = Attributes.parse(rs.getString(3));
                    String eventJson = rs.getString(4);
                    String message;
                    if (eventJson != null) {
                        message = Attributes.parse(eventJson).text("exception.message")
                                .or(() -> spanAttrs.text("error.message")).orElse("<no message>");
                    } else {
                        message = spanAttrs.text("error.message").orElse("<no message>");
                    }
                    groups.computeIfAbsent(List.of(rs.getString(2), message), k -> new LinkedHashSet<>()).add(spanId);
                }
            }
        }
        List<Map.Entry<List<String>, Set<String>>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<List<String>, Set<String>> e) -> -e.getValue().size()));
        List<ExceptionFinding> out = new ArrayList<>();
        for (Map.Entry<List<String>, Set<String>> e : sorted) {
            ExceptionFinding f = new ExceptionFinding(e.getKey().get(0), e.getKey().get(1), e.getValue().size());
            out.add(f);
            links.add(new Finding(Finding.Category.EXCEPTION, f.spanName() + ": " + f.message(),
                    f.count() + " error span" + (f.count() == 1 ? "" : "s"), e.getValue().stream().limit(LINKS).toList()));
        }
        return out;
    }

    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    /**
     * {@code db.statement} (else the stable {@code db.query.text}) when it is a string, read with a streaming parser
     * (one pass, no tree); null for other types, a missing key or text that is not a JSON object.
     */
    static String statement(String attributesJson) {
        if (attributesJson == null) {
            return null;
        }
        String fallback = null;
        try (JsonParser p = JSON.createParser(attributesJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING && "db.statement".equals(name)) {
                    return p.getText();
                } else if (v == JsonToken.VALUE_STRING && "db.query.text".equals(name) && fallback == null) {
                    fallback = p.getText();
                } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            return t == JsonToken.END_OBJECT ? fallback : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The slowest spans of a name, through idx_spans_name_duration. */
    private static List<String> slowestByName(Connection c, String runId, String name, String kind) throws SQLException {
        String sql = "SELECT span_id FROM spans WHERE run_id = ? AND name = ?" + (kind == null ? "" : " AND kind = ?")
                + " ORDER BY duration_ns DESC LIMIT " + LINKS;
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            ps.setString(2, name);
            if (kind != null) {
                ps.setString(3, kind);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
