package com.dazzleops.perf.gen;

import com.dazzleops.model.json.PyFloat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes {@code dazzle perf} trace files in the contract's schema, of any size, shaped like a real traced Dazzle app:
 * boot roots ({@code dsl.parse}, {@code route.gen}, boot {@code predicate.compile} trees, boot SQL), then HTTP
 * requests as server spans with SQL client spans, Dazzle phase spans, {@code fragment.emit} → {@code region.render}
 * and {@code http send} children, 500s with {@code exception} events, an N+1 route, a slow report query, plus on
 * request orphans, cycles, broken {@code attributes_json}, a very wide and a very deep request, and unfinished runs.
 *
 * <p>Rows are written children first, as Dazzle's synchronous exporter does. Deterministic for a seed.
 */
public final class TraceGenerator {

    /** 2026-11-25T04:00:00Z: generated runs start here. */
    public static final long EPOCH_NS = 1_795_579_200_000_000_000L;
    public static final String SLOW_REPORT_SQL = "SELECT customer_id, sum(amount) AS total FROM \"invoice\" WHERE due_date < '2026-01-01' AND status <> 'paid' GROUP BY customer_id ORDER BY total DESC";
    public static final String N_PLUS_ONE_SQL = "SELECT id, invoice_id, description, amount FROM \"invoice_line\" WHERE invoice_id = %s";
    public static final String FAILURE_MESSAGE = "could not serialize access due to concurrent update";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final DateTimeFormatter PY_ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

    /** What was written, for tests that assert exact counts. */
    public record Summary(Path file, String runId, long spans, long events, Map<String, Integer> requestsByRoute,
                          int orphanRoots, int errorRequests, int badAttributeSpans, String fanoutParentId,
                          String deepChainRootId, List<String> cycleSpanIds, List<String> extraRunIds) {
    }

    private final GeneratorOptions opt;
    private final Random rnd;
    private long idCounter;
    private long clock;
    private final List<Span> pending = new ArrayList<>();
    private String currentRun;
    // summary
    private final Map<String, Integer> routes = new TreeMap<>();
    private int orphanRoots;
    private int errorRequests;
    private int badAttrs;
    private String fanoutParent;
    private String deepRoot;
    private final List<String> cycleIds = new ArrayList<>();
    private long spansWritten;
    private long eventsWritten;

    private TraceGenerator(GeneratorOptions opt) {
        this.opt = opt;
        this.rnd = new Random(opt.seed());
    }

    public static Summary generate(Path out, GeneratorOptions opt) throws IOException {
        return new TraceGenerator(opt).write(out);
    }

    private static final class Span {
        final String id;
        final String trace;
        String parent;
        final String name;
        final String kind;
        boolean error;
        final long start;
        long end;
        String attrs;
        final List<String[]> events = new ArrayList<>(); // name, attrs json; timestamp = end
        final List<Span> children = new ArrayList<>();

        Span(String id, String trace, String parent, String name, String kind, long start, long end, String attrs) {
            this.id = id;
            this.trace = trace;
            this.parent = parent;
            this.name = name;
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.attrs = attrs;
        }
    }

    private Summary write(Path out) throws IOException {
        Files.deleteIfExists(out);
        Files.deleteIfExists(Path.of(out + "-wal"));
        Files.deleteIfExists(Path.of(out + "-shm"));
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        List<String> extra = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out.toAbsolutePath())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=OFF");
                st.execute("PRAGMA synchronous=OFF");
                for (String ddl : PerfSchema.statements()) {
                    st.execute(ddl);
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement runIns = c.prepareStatement("INSERT OR IGNORE INTO runs VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement spanIns = c.prepareStatement("INSERT OR REPLACE INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement evIns = c.prepareStatement("INSERT INTO events (span_id, run_id, name, timestamp_ns, attributes_json) VALUES (?, ?, ?, ?, ?)")) {
                writeRun(opt.runId(), opt.spans(), EPOCH_NS, opt.finished(), true, runIns, spanIns, evIns, c);
                for (int i = 1; i <= opt.extraRuns(); i++) {
                    String id = opt.runId() + "-r" + (i + 1);
                    extra.add(id);
                    writeRun(id, Math.max(50, opt.spans() / 10), EPOCH_NS + i * 3_600_000_000_000L, true, false, runIns, spanIns, evIns, c);
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=" + (opt.wal() ? "WAL" : "DELETE"));
            }
        } catch (SQLException e) {
            throw new IOException("cannot write trace file " + out + ": " + e.getMessage(), e);
        }
        return new Summary(out, opt.runId(), spansWritten, eventsWritten, Map.copyOf(routes), orphanRoots,
                errorRequests, badAttrs, fanoutParent, deepRoot, List.copyOf(cycleIds), List.copyOf(extra));
    }

    private void writeRun(String runId, long target, long startNs, boolean finished, boolean main,
                          PreparedStatement runIns, PreparedStatement spanIns, PreparedStatement evIns, Connection c)
            throws SQLException {
        currentRun = runId;
        clock = startNs;
        long written = 0;
        runIns.setString(1, runId);
        runIns.setString(2, PY_ISO.format(Instant.ofEpochSecond(0, startNs + 1_234_000)));
        runIns.setString(3, null);
        runIns.setString(4, main ? "invoice_ops" : null);
        runIns.setString(5, null);
        runIns.setString(6, "python -m dazzle.cli serve --port 3000 --api-port 8000");
        runIns.executeUpdate();

        // Boot: each phase its own trace.
        for (int i = 0; i < 8 && written < target; i++) {
            Span s = root("dsl.parse", "internal", ms(3, 30), attrs("path", "dsl/" + List.of("app", "invoice", "customer", "payment", "approval", "report", "workspace", "seed").get(i) + ".dsl"));
            written += emit(s, spanIns, evIns, target - written);
        }
        if (written < target) {
            written += emit(root("route.gen", "internal", ms(10, 40), attrs("endpoint_count", 42)), spanIns, evIns, target - written);
        }
        for (int i = 0; i < 3 && written < target; i++) {
            Span p = root("predicate.compile", "internal", ms(1, 4), attrs("source_entity", List.of("Invoice", "Customer", "Payment").get(i)));
            nest(p, "predicate.compile", 2, "Invoice");
            written += emit(p, spanIns, evIns, target - written);
        }
        if (written < target) {
            written += emit(root("SELECT", "client", ms(0.5, 2), sql("SELECT version()")), spanIns, evIns, target - written);
        }
        if (main && opt.cycles() && written + 4 <= target) {
            written += writeCycles(spanIns);
        }
        if (main && opt.deepChain() > 0 && written < target) {
            Span r = request("GET /rules/evaluate", 200);
            r.end = r.start + 50_000_000L;
            deepRoot = r.id;
            routes.merge(r.name, 1, Integer::sum);
            Span cur = r;
            long budget = Math.min(opt.deepChain(), target - written - 1);
            for (int d = 0; d < budget; d++) {
                Span child = child(cur, "predicate.compile", "internal", cur.start + 1_000, cur.end - 1_000, attrs("source_entity", "Rule" + d));
                cur = child;
            }
            written += emit(r, spanIns, evIns, target - written);
        }
        if (main && opt.fanout() > 0 && written < target) {
            Span r = request("GET /invoices/export", 200);
            fanoutParent = r.id;
            routes.merge(r.name, 1, Integer::sum);
            long t = r.start + 200_000;
            long n = Math.min(opt.fanout(), target - written - 1);
            for (int i = 0; i < n; i++) {
                long d = ns(0.05, 0.3);
                child(r, "SELECT", "client", t, t + d, sql(N_PLUS_ONE_SQL));
                t += d + 10_000;
            }
            r.end = t + 100_000;
            clock = Math.max(clock, r.end);
            written += emit(r, spanIns, evIns, target - written);
        }
        int orphansLeft = main ? opt.orphans() : 0;
        int badLeft = main ? opt.badAttributes() : 0;
        long requestNo = 0;
        while (written < target) {
            requestNo++;
            int errorsBefore = errorRequests;
            Span r = nextRequest(requestNo);
            if (size(r) > target - written) {
                // The last request must fit exactly: a readiness-probe-like request padded with send spans.
                errorRequests = errorsBefore;
                r = filler(target - written);
            }
            if (main) {
                routes.merge(r.name, 1, Integer::sum);
            } else {
                errorRequests = errorsBefore;
            }
            boolean dropRoot = false;
            if (orphansLeft > 0 && requestNo % 7 == 3 && !r.children.isEmpty()) {
                if (orphansLeft % 2 == 0) {
                    // A remote traceparent: the server span's parent is the upstream span, never in the file.
                    r.parent = hex16(rnd.nextLong() | 1L);
                } else {
                    // Killed mid-request: the children were written, the server span never was.
                    dropRoot = true;
                }
                orphansLeft--;
                orphanRoots++;
            }
            if (badLeft > 0 && requestNo % 5 == 2) {
                Span victim = r.children.isEmpty() ? r : r.children.get(0);
                victim.attrs = "{\"db.statement\": \"SELECT 1\", broken";
                badLeft--;
                badAttrs++;
            }
            written += dropRoot ? emitChildren(r, spanIns, evIns, target - written) : emit(r, spanIns, evIns, target - written);
        }
        spanIns.executeBatch();
        evIns.executeBatch();
        if (finished) {
            try (PreparedStatement up = c.prepareStatement("UPDATE runs SET ended_at = ? WHERE run_id = ?")) {
                up.setString(1, PY_ISO.format(Instant.ofEpochSecond(0, clock + 5_000_000_000L)));
                up.setString(2, runId);
                up.executeUpdate();
            }
        }
    }

    private int writeCycles(PreparedStatement spanIns) throws SQLException {
        String a = nextId();
        String b = nextId();
        String self = nextId();
        String below = nextId();
        String trace = hex32();
        long t = clock + 1_000_000;
        insert(spanIns, new Span(a, trace, b, "cycle.a", "internal", t, t + 2_000_000, "{}"));
        insert(spanIns, new Span(b, trace, a, "cycle.b", "internal", t + 100_000, t + 1_000_000, "{}"));
        insert(spanIns, new Span(below, trace, b, "cycle.child", "internal", t + 200_000, t + 300_000, "{}"));
        insert(spanIns, new Span(self, trace, self, "self.parent", "internal", t, t + 500_000, "{}"));
        cycleIds.addAll(List.of(a, b, self));
        clock = t + 3_000_000;
        return 4;
    }

    private Span nextRequest(long no) {
        int pick = rnd.nextInt(100);
        if (no == 1) {
            return probe();
        }
        if (pick < 30) {
            return dashboard();
        }
        if (pick < 55) {
            return invoiceList();
        }
        if (pick < 75) {
            return invoiceDetail();
        }
        if (pick < 92) {
            return approve();
        }
        return agingReport();
    }

    private static int size(Span s) {
        int n = 1;
        for (Span c : s.children) {
            n += size(c);
        }
        return n;
    }

    private Span filler(long spans) {
        Span r = request("GET /", 200);
        long t = r.start + 50_000;
        for (long i = 1; i < spans; i++) {
            Span c = child(r, "GET / http send", "internal", t, t + 20_000, attrs("asgi.event.type", "http.response.body"));
            t = c.end + 5_000;
        }
        r.end = t + 10_000;
        clock = Math.max(clock, r.end);
        return r;
    }

    private Span probe() {
        Span r = request("GET /", 200);
        sends(r, r.start + ns(0.1, 0.3), 200);
        return r;
    }

    private Span dashboard() {
        Span r = request("GET /app/{workspace}", 200);
        long t = r.start + ns(0.05, 0.2);
        Span pc = child(r, "predicate.compile", "internal", t, t + ns(0.2, 1), attrs("source_entity", "Invoice"));
        nest(pc, "predicate.compile", 1 + rnd.nextInt(2), "Invoice");
        t = pc.end + 20_000;
        Span agg = child(r, "repo.aggregate", "internal", t, t, attrs("entity", "invoice", "dimension_count", 1, "measure_count", 2));
        long u = t + 30_000;
        Span ec = child(agg, "aggregate.expression.compile", "internal", u, u + ns(0.05, 0.2), exprAttrs());
        u = ec.end + 10_000;
        Span bs = child(agg, "aggregate.build_sql", "internal", u, u + ns(0.1, 0.4), attrs("table_name", "invoice", "dimension_count", 1, "measure_count", 2));
        u = bs.end + 10_000;
        Span q = child(agg, "SELECT", "client", u, u + ns(2, 12), sql("SELECT status, count(*) AS n, sum(amount) AS total FROM \"invoice\" WHERE tenant_id = %s GROUP BY status"));
        agg.end = q.end + 20_000;
        t = agg.end + 20_000;
        Span cnt = child(r, "SELECT", "client", t, t + ns(0.3, 2), sql("SELECT count(*) FROM \"approval\" WHERE state = 'pending'"));
        t = cnt.end + 20_000;
        Span fe = child(r, "fragment.emit", "internal", t, t, attrs("fragment_kind", "DashboardPage"));
        int regions = 3 + rnd.nextInt(16);
        long v = t + 20_000;
        for (int i = 0; i < regions; i++) {
            Span rr = child(fe, "region.render", "internal", v, v + ns(0.3, 3), attrs("region_kind", "DashboardGrid"));
            v = rr.end + 5_000;
        }
        fe.end = v + 10_000;
        sends(r, fe.end + 10_000, 200);
        return r;
    }

    private Span invoiceList() {
        Span r = request("GET /invoices", 200);
        long t = r.start + ns(0.05, 0.2);
        Span list = child(r, "SELECT", "client", t, t + ns(1, 5), sql("SELECT id, number, customer_id, amount, status FROM \"invoice\" ORDER BY created_at DESC LIMIT 20 OFFSET 0"));
        t = list.end + 10_000;
        int rows = 5 + rnd.nextInt(16);
        for (int i = 0; i < rows; i++) {
            Span q = child(r, "SELECT", "client", t, t + ns(0.2, 1.2), sql(N_PLUS_ONE_SQL));
            t = q.end + 8_000;
        }
        Span fe = child(r, "fragment.emit", "internal", t, t + ns(1, 4), attrs("fragment_kind", "TablePage"));
        sends(r, fe.end + 10_000, 200);
        return r;
    }

    private Span invoiceDetail() {
        boolean missing = rnd.nextInt(10) == 0;
        Span r = request("GET /invoices/{id:uuid}", missing ? 404 : 200);
        long t = r.start + ns(0.05, 0.2);
        Span q = child(r, "SELECT", "client", t, t + ns(0.4, 2), sql("SELECT * FROM \"invoice\" WHERE id = %s"));
        t = q.end + 10_000;
        if (!missing) {
            Span l = child(r, "SELECT", "client", t, t + ns(0.4, 2), sql("SELECT * FROM \"invoice_line\" WHERE invoice_id = %s ORDER BY position"));
            t = l.end + 10_000;
            Span fe = child(r, "fragment.emit", "internal", t, t + ns(0.5, 3), attrs("fragment_kind", "DetailPage"));
            t = fe.end;
        }
        sends(r, t + 10_000, missing ? 404 : 200);
        return r;
    }

    private Span approve() {
        boolean fail = rnd.nextDouble() < opt.errorRate();
        Span r = request("POST /invoices/{id:uuid}/approve", fail ? 500 : 303);
        long t = r.start + ns(0.05, 0.1);
        Span rc = child(r, "POST /invoices/{id:uuid}/approve http receive", "internal", t, t + ns(0.02, 0.1), attrs("asgi.event.type", "http.request"));
        t = rc.end + 10_000;
        Span sel = child(r, "SELECT", "client", t, t + ns(0.3, 1.5), sql("SELECT * FROM \"invoice\" WHERE id = %s FOR UPDATE"));
        t = sel.end + 10_000;
        Span up = child(r, "UPDATE", "client", t, t + ns(0.5, 4), sql("UPDATE \"invoice\" SET status = 'approved', approved_at = now() WHERE id = %s AND status = 'pending_approval'"));
        t = up.end + 10_000;
        if (fail) {
            errorRequests++;
            up.error = true;
            up.events.add(new String[] {"exception", attrs("exception.type", "psycopg.errors.SerializationFailure",
                    "exception.message", FAILURE_MESSAGE, "exception.stacktrace",
                    "Traceback (most recent call last):\n  File \"dazzle/http/runtime/repository.py\", line 412, in update\n    await cur.execute(sql, params)\npsycopg.errors.SerializationFailure: " + FAILURE_MESSAGE,
                    "exception.escaped", "False")});
            r.error = true;
            r.events.add(new String[] {"exception", attrs("exception.type", "psycopg.errors.SerializationFailure",
                    "exception.message", FAILURE_MESSAGE, "exception.escaped", "True")});
            Span s = child(r, "POST /invoices/{id:uuid}/approve http send", "internal", t, t + ns(0.02, 0.08),
                    attrs("asgi.event.type", "http.response.start", "http.status_code", 500));
            s.error = true;
            t = s.end + 5_000;
            child(r, "POST /invoices/{id:uuid}/approve http send", "internal", t, t + ns(0.01, 0.05), attrs("asgi.event.type", "http.response.body"));
            r.end = t + 80_000;
            clock = Math.max(clock, r.end);
            return r;
        }
        Span ins = child(r, "INSERT", "client", t, t + ns(0.3, 2), sql("INSERT INTO \"audit_log\" (id, entity, entity_id, action, at) VALUES (%s, %s, %s, %s, now())"));
        sends(r, ins.end + 10_000, 303);
        return r;
    }

    private Span agingReport() {
        Span r = request("GET /reports/aging", 200);
        long t = r.start + ns(0.1, 0.3);
        Span q = child(r, "SELECT", "client", t, t + ns(120, 420), sql(SLOW_REPORT_SQL));
        t = q.end + 10_000;
        Span fe = child(r, "fragment.emit", "internal", t, t + ns(2, 8), attrs("fragment_kind", "ReportPage"));
        sends(r, fe.end + 10_000, 200);
        return r;
    }

    private void sends(Span r, long t, int status) {
        String base = r.name;
        Span s1 = child(r, base + " http send", "internal", t, t + ns(0.02, 0.08), attrs("asgi.event.type", "http.response.start", "http.status_code", status));
        Span s2 = child(r, base + " http send", "internal", s1.end + 5_000, s1.end + 5_000 + ns(0.01, 0.05), attrs("asgi.event.type", "http.response.body"));
        r.end = s2.end + 30_000;
        clock = Math.max(clock, r.end);
    }

    private Span request(String route, int status) {
        clock += ns(0.5, 40);
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        String target = path.replace("{workspace}", "finance").replace("{id:uuid}", "3f8a1b2c-0d4e-4f5a-9b6c-7d8e9fa0b1c2");
        Span r = new Span(nextId(), hex32(), null, route, "server", clock, clock,
                attrs("http.scheme", "http", "http.host", "127.0.0.1:3000", "net.host.port", 3000, "http.flavor", "1.1",
                        "http.target", target, "http.url", "http://127.0.0.1:3000" + target, "http.method", method,
                        "http.server_name", "127.0.0.1:3000", "http.user_agent", "python-httpx/0.27.0",
                        "net.peer.ip", "127.0.0.1", "net.peer.port", 50000 + rnd.nextInt(10000),
                        "http.route", path, "http.status_code", status));
        r.error = status >= 500;
        return r;
    }

    private Span root(String name, String kind, double durMs, String attrs) {
        clock += 200_000;
        long d = (long) (durMs * 1e6);
        Span s = new Span(nextId(), hex32(), null, name, kind, clock, clock + d, attrs);
        clock += d;
        return s;
    }

    private void nest(Span parent, String name, int depth, String entity) {
        Span cur = parent;
        for (int i = 0; i < depth; i++) {
            long len = Math.max(0, (cur.end - cur.start) / 2);
            cur = child(cur, name, "internal", cur.start + len / 4, cur.start + len / 4 + len, attrs("source_entity", entity));
        }
    }

    private Span child(Span parent, String name, String kind, long start, long end, String attrs) {
        long scaledEnd = start + (long) ((end - start) * opt.slowdown());
        Span c = new Span(nextId(), parent.trace, parent.id, name, kind, start, scaledEnd, attrs);
        parent.children.add(c);
        if (parent.end < scaledEnd) {
            parent.end = scaledEnd;
        }
        return c;
    }

    /** Writes a tree children-first (end order, like Dazzle's exporter), at most {@code budget} spans. */
    private long emit(Span root, PreparedStatement spanIns, PreparedStatement evIns, long budget) throws SQLException {
        pending.clear();
        collect(root);
        int n = (int) Math.min(budget, pending.size());
        if (n < pending.size()) {
            // Keep the root and the first n-1 descendants so the tree stays connected.
            List<Span> keep = new ArrayList<>(pending.subList(pending.size() - n, pending.size()));
            pending.clear();
            pending.addAll(keep);
        }
        for (Span s : pending) {
            insert(spanIns, s);
            for (String[] ev : s.events) {
                evIns.setString(1, s.id);
                evIns.setString(2, currentRun);
                evIns.setString(3, ev[0]);
                evIns.setLong(4, s.end);
                evIns.setString(5, ev[1]);
                evIns.addBatch();
                eventsWritten++;
            }
        }
        clock = Math.max(clock, root.end);
        return n;
    }

    private long emitChildren(Span root, PreparedStatement spanIns, PreparedStatement evIns, long budget) throws SQLException {
        long n = 0;
        for (Span c : root.children) {
            if (n < budget) {
                n += emit(c, spanIns, evIns, budget - n);
            }
        }
        clock = Math.max(clock, root.end);
        return n;
    }

    /** Post-order: children before their parent. The root ends up last. */
    private void collect(Span s) {
        // iterative post-order so very deep chains do not overflow the stack
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
        stack.push(new Object[] {s, 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Span cur = (Span) top[0];
            int i = (Integer) top[1];
            if (i < cur.children.size()) {
                top[1] = i + 1;
                stack.push(new Object[] {cur.children.get(i), 0});
            } else {
                stack.pop();
                pending.add(cur);
            }
        }
    }

    private void insert(PreparedStatement ps, Span s) throws SQLException {
        ps.setString(1, s.id);
        ps.setString(2, s.trace);
        ps.setString(3, s.parent);
        ps.setString(4, currentRun);
        ps.setString(5, s.name);
        ps.setString(6, s.kind);
        ps.setString(7, s.error ? "error" : "ok");
        ps.setLong(8, s.start);
        ps.setLong(9, s.end);
        ps.setLong(10, Math.max(0, s.end - s.start));
        ps.setString(11, s.attrs);
        ps.addBatch();
        spansWritten++;
        if (spansWritten % 10_000 == 0) {
            ps.executeBatch();
        }
    }

    private String exprAttrs() {
        return attrs("placeholder", "%s", "expr.function_name", "sum", "expr.function_args",
                "[{\"column_name\": \"amount\", \"column_entity\": \"Invoice\"}]");
    }

    private static String sql(String statement) {
        return attrs("db.system", "postgresql", "db.name", "invoice_ops", "db.statement", statement, "db.user", "dazzle",
                "net.peer.name", "127.0.0.1", "net.peer.port", 5432);
    }

    /** Python json.dumps of a dict: ", " and ": " separators, non-ASCII escaped, floats as repr. */
    static String attrs(Object... kv) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(quote((String) kv[i])).append(": ");
            Object v = kv[i + 1];
            if (v instanceof String str) {
                sb.append(quote(str));
            } else if (v instanceof Double d) {
                sb.append(PyFloat.repr(d));
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private double ms(double lo, double hi) {
        return lo + rnd.nextDouble() * (hi - lo);
    }

    private long ns(double loMs, double hiMs) {
        return (long) (ms(loMs, hiMs) * 1e6);
    }

    private String nextId() {
        return hex16(mix(++idCounter + opt.seed() * 0x100000000L));
    }

    private String hex32() {
        return hex16(rnd.nextLong()) + hex16(rnd.nextLong());
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    /** SplitMix64's finaliser: a bijection, so distinct counters give distinct ids. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
