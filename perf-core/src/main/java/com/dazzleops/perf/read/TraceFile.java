package com.dazzleops.perf.read;

import com.dazzleops.model.perf.PerfRun;
import com.dazzleops.model.perf.PerfSpan;
import com.dazzleops.model.perf.PerfSpanEvent;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code dazzle perf} trace file opened read-only, read lazily through the {@code (run_id, parent_span_id)} index:
 * nothing here loads a whole run. A file a server is still writing opens (SQLite readers do not block the writer;
 * a busy file is retried for a few seconds). Every method may be called from any one background thread at a time;
 * the methods are synchronized because one JDBC connection serves them.
 *
 * <p>Bad files fail in {@link #open} with a {@link TraceFileException} whose message says what is wrong: not a
 * SQLite file, a truncated one, SQLite without the perf schema.
 */
public final class TraceFile implements AutoCloseable {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    static final String ROW_COLUMNS = "s.span_id, s.trace_id, s.parent_span_id, s.run_id, s.name, s.kind, s.status, "
            + "s.started_ns, s.ended_ns, s.duration_ns, "
            + "(SELECT count(*) FROM spans c WHERE c.run_id = s.run_id AND c.parent_span_id = s.span_id), "
            + "(SELECT total(c.duration_ns) FROM spans c WHERE c.run_id = s.run_id AND c.parent_span_id = s.span_id)";

    /**
     * SQLite page cache per connection, in KiB (native memory). Measured on the million-span file: 64 MiB made the
     * first scan of a fresh connection about twice as slow (the cache memory is allocated as it fills), 2-8 MiB
     * are alike; memory-mapping (mmap_size) did not help a cold open either, and would expose the viewer to a
     * SIGBUS if a writer ever truncated the file, so it stays off.
     */
    static final int CACHE_KIB = 8 * 1024;

    private final Path path;
    private final Connection conn;
    private final boolean hasRunsTable;
    private final boolean hasEventsTable;
    private final List<String> warnings;
    /** Prepared once per connection, reused by every call (keyed by their SQL). */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private TraceFile(Path path, Connection conn, boolean hasRunsTable, boolean hasEventsTable, List<String> warnings) {
        this.path = path;
        this.conn = conn;
        this.hasRunsTable = hasRunsTable;
        this.hasEventsTable = hasEventsTable;
        this.warnings = List.copyOf(warnings);
    }

    /** Opens and checks a trace file; never modifies it. */
    public static TraceFile open(Path path) throws TraceFileException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (!Files.exists(path)) {
            throw new TraceFileException(TraceFileException.Reason.MISSING, "No such file: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new TraceFileException(TraceFileException.Reason.IO, name + " is not a readable file");
        }
        checkHeader(path, name);
        Connection conn;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.READONLY);
            config.setBusyTimeout(5000);
            // A modest page cache, sorts in memory; query_only makes any write a hard error on top of the
            // read-only open.
            config.setCacheSize(-CACHE_KIB);
            config.setTempStore(SQLiteConfig.TempStore.MEMORY);
            conn = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath(), config.toProperties());
            try (var st = conn.createStatement()) {
                st.execute("PRAGMA query_only = 1");
            }
        } catch (SQLException e) {
            throw new TraceFileException(TraceFileException.Reason.IO, name + " cannot be opened: " + e.getMessage(), e);
        }
        try {
            Map<String, Set<String>> tables = new HashMap<>();
            try (var st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.put(rs.getString(1).toLowerCase(Locale.ROOT), new HashSet<>());
                }
            }
            for (String t : List.of("runs", "spans", "events")) {
                if (tables.containsKey(t)) {
                    try (var st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + t + ")")) {
                        while (rs.next()) {
                            tables.get(t).add(rs.getString("name").toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
            if (!tables.containsKey("spans")) {
                throw new TraceFileException(TraceFileException.Reason.NO_SCHEMA, name
                        + " is a SQLite database but not a dazzle perf trace: it has no 'spans' table"
                        + (tables.isEmpty() ? " (it has no tables at all)" : " (tables: " + String.join(", ", new java.util.TreeSet<>(tables.keySet())) + ")"));
            }
            List<String> missing = new ArrayList<>();
            for (String c : List.of("span_id", "trace_id", "parent_span_id", "run_id", "name", "kind", "status",
                    "started_ns", "ended_ns", "duration_ns", "attributes_json")) {
                if (!tables.get("spans").contains(c)) {
                    missing.add(c);
                }
            }
            if (!missing.isEmpty()) {
                throw new TraceFileException(TraceFileException.Reason.NO_SCHEMA, name
                        + " has a 'spans' table without the dazzle perf columns " + missing);
            }
            List<String> warnings = new ArrayList<>();
            boolean runs = tables.containsKey("runs") && tables.get("runs").containsAll(List.of("run_id", "started_at"));
            if (!runs) {
                warnings.add("no usable 'runs' table: run times and command lines are unknown");
            }
            boolean events = tables.containsKey("events")
                    && tables.get("events").containsAll(List.of("span_id", "name", "timestamp_ns", "attributes_json"));
            if (!events) {
                warnings.add("no usable 'events' table: span events are not shown");
            }
            TraceFile file = new TraceFile(path, conn, runs, events, warnings);
            // Touch the data once so a damaged file fails here, with a message, not later in the UI.
            file.probe();
            return file;
        } catch (TraceFileException e) {
            closeQuietly(conn);
            throw e;
        } catch (SQLException e) {
            closeQuietly(conn);
            throw translate(name, e);
        }
    }

    private static void checkHeader(Path path, String name) throws TraceFileException {
        byte[] header = new byte[100];
        int read;
        long size;
        try (InputStream in = Files.newInputStream(path)) {
            size = Files.size(path);
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new TraceFileException(TraceFileException.Reason.IO, name + " cannot be read: " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new TraceFileException(TraceFileException.Reason.NOT_SQLITE, name + " is empty (0 bytes): not a SQLite trace file");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= read || header[i] != MAGIC[i]) {
                throw new TraceFileException(TraceFileException.Reason.NOT_SQLITE,
                        name + " is not a SQLite database (no 'SQLite format 3' header), so it cannot be a dazzle perf trace");
            }
        }
        if (read < 100) {
            throw new TraceFileException(TraceFileException.Reason.TRUNCATED,
                    name + " is truncated: only " + read + " bytes, less than a SQLite header");
        }
        int pageSize = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        if (pageSize == 1) {
            pageSize = 65536;
        }
        long changeCounter = u32(header, 24);
        long pageCount = u32(header, 28);
        long validFor = u32(header, 92);
        if (pageSize >= 512 && size % pageSize != 0) {
            throw new TraceFileException(TraceFileException.Reason.TRUNCATED, name + " is truncated or damaged: "
                    + size + " bytes is not a whole number of " + pageSize + "-byte pages");
        }
        if (pageSize >= 512 && pageCount > 0 && validFor == changeCounter && size < pageCount * pageSize) {
            throw new TraceFileException(TraceFileException.Reason.TRUNCATED, name + " is truncated: the header says "
                    + pageCount + " pages (" + pageCount * pageSize + " bytes) but the file has " + size + " bytes");
        }
    }

    private static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static TraceFileException translate(String name, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("malformed") || m.contains("not a database") || m.contains("CORRUPT")) {
            return new TraceFileException(TraceFileException.Reason.CORRUPT,
                    name + " is damaged (truncated or corrupt); SQLite says: " + m, e);
        }
        return new TraceFileException(TraceFileException.Reason.IO, name + ": SQLite error: " + m, e);
    }

    private void probe() throws SQLException {
        try (var st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT run_id FROM spans ORDER BY rowid DESC LIMIT 1")) {
            rs.next();
        }
        if (hasRunsTable) {
            try (var st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM runs")) {
                rs.next();
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Schema oddities that do not stop reading (no runs table, no events table). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Makes every statement on this connection (full passes: orphans, cycles, findings) pause while
     * {@code foregroundBusy} says an interactive query is running on another connection, for at most
     * {@code maxPauseMs} at a time so the pass still finishes. SQLite calls the check every thousand
     * virtual-machine steps (a few milliseconds at most, except inside one long step such as a big sort); on a
     * two-core machine this keeps an expansion from sharing its core with a full pass.
     */
    public synchronized void yieldTo(java.util.function.BooleanSupplier foregroundBusy, long maxPauseMs) throws TraceFileException {
        long maxNs = maxPauseMs * 1_000_000L;
        try {
            org.sqlite.ProgressHandler.setHandler(conn, 1_000, new org.sqlite.ProgressHandler() {
                @Override
                protected int progress() {
                    if (foregroundBusy.getAsBoolean()) {
                        long until = System.nanoTime() + maxNs;
                        while (foregroundBusy.getAsBoolean() && System.nanoTime() < until) {
                            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                        }
                    }
                    return 0;
                }
            });
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /** The JDBC connection, for engines in this library (findings, comparison) that query the file with SQL. */
    public Connection connection() {
        return conn;
    }

    /**
     * Every run in the file: rows of {@code runs}, plus run ids that only spans carry. Newest first.
     */
    public synchronized List<RunSummary> runs() throws TraceFileException {
        try {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (var st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT run_id, count(*) FROM spans GROUP BY run_id")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            List<RunSummary> out = new ArrayList<>();
            if (hasRunsTable) {
                try (var st = conn.createStatement();
                     ResultSet rs = st.executeQuery("SELECT * FROM runs ORDER BY started_at DESC")) {
                    while (rs.next()) {
                        PerfRun run = new PerfRun(rs.getString("run_id"), rs.getString("started_at"),
                                column(rs, "ended_at"), column(rs, "app_name"), column(rs, "manifest_path"),
                                column(rs, "command_line"));
                        Long n = counts.remove(run.runId());
                        out.add(new RunSummary(run, n == null ? 0 : n, true));
                    }
                }
            }
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                out.add(new RunSummary(new PerfRun(e.getKey(), null, null, null, null, null), e.getValue(), false));
            }
            return out;
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    private static String column(ResultSet rs, String name) {
        try {
            return rs.getString(name);
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * The {@code runs} rows without span counts ({@code spanCount} -1), newest first: cheap, for showing a huge file's
     * first level before anything is counted. Empty when the file has no usable runs table or no rows.
     */
    public synchronized List<RunSummary> runRows() throws TraceFileException {
        if (!hasRunsTable) {
            return List.of();
        }
        try (var st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM runs ORDER BY started_at DESC")) {
            List<RunSummary> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new RunSummary(new PerfRun(rs.getString("run_id"), rs.getString("started_at"), column(rs, "ended_at"),
                        column(rs, "app_name"), column(rs, "manifest_path"), column(rs, "command_line")), -1, true));
            }
            return out;
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /**
     * The run named like the file without counting anything, if there is one (the fast path of
     * {@link #defaultRun()}).
     */
    public Optional<RunSummary> runNamedLikeFile() throws TraceFileException {
        String stem = fileName().endsWith(".db") ? fileName().substring(0, fileName().length() - 3) : fileName();
        return runRows().stream().filter(r -> r.runId().equals(stem)).findFirst();
    }

    /**
     * The run a viewer opens first: the run named like the file (Dazzle's rule: {@code RUN_ID.db}), else the newest
     * run that has spans, else the newest run.
     */
    public Optional<RunSummary> defaultRun() throws TraceFileException {
        List<RunSummary> runs = runs();
        String stem = fileName().endsWith(".db") ? fileName().substring(0, fileName().length() - 3) : fileName();
        return runs.stream().filter(r -> r.runId().equals(stem)).findFirst()
                .or(() -> runs.stream().filter(r -> r.spanCount() > 0).findFirst())
                .or(() -> runs.stream().findFirst());
    }

    /**
     * The distinct run ids that spans carry, without counting: one seek of the {@code run_id} index per run (a
     * skip scan), so a million-span file answers at once.
     */
    public synchronized List<String> spanRunIds() throws TraceFileException {
        try {
            PreparedStatement first = prepared("SELECT run_id FROM spans INDEXED BY idx_spans_run_id ORDER BY run_id LIMIT 1");
            PreparedStatement next = prepared("SELECT run_id FROM spans INDEXED BY idx_spans_run_id WHERE run_id > ? ORDER BY run_id LIMIT 1");
            List<String> out = new ArrayList<>();
            String cur = single(first);
            while (cur != null && out.size() < 100_000) {
                out.add(cur);
                next.setString(1, cur);
                cur = single(next);
            }
            return out;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such index")) {
                return spanRunIdsByScan();
            }
            throw translate(fileName(), e);
        }
    }

    private List<String> spanRunIdsByScan() throws TraceFileException {
        try (var st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT run_id FROM spans ORDER BY run_id")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    private static String single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * What a viewer needs before it can show anything, without counting spans: the runs ({@code runs} rows, then
     * run ids only spans carry, all with {@code spanCount} -1 = not counted yet) and the run to open first by
     * {@link #defaultRun()}'s rule. Counting is left to {@link #runs()}, off the critical path.
     */
    public synchronized Listing listing() throws TraceFileException {
        List<RunSummary> rows = runRows();
        List<String> ids = spanRunIds();
        Set<String> withSpans = new java.util.LinkedHashSet<>(ids);
        List<RunSummary> out = new ArrayList<>(rows);
        for (RunSummary r : rows) {
            withSpans.remove(r.runId());
        }
        for (String id : withSpans) {
            out.add(new RunSummary(new PerfRun(id, null, null, null, null, null), -1, false));
        }
        Set<String> hasSpans = new HashSet<>(ids);
        String stem = fileName().endsWith(".db") ? fileName().substring(0, fileName().length() - 3) : fileName();
        Optional<RunSummary> first = out.stream().filter(r -> r.runId().equals(stem)).findFirst()
                .or(() -> out.stream().filter(r -> hasSpans.contains(r.runId())).findFirst())
                .or(() -> out.stream().findFirst());
        return new Listing(out, first.orElse(null));
    }

    /** The runs of a file, not counted ({@code spanCount} -1), and the one to open first (null: none). */
    public record Listing(List<RunSummary> runs, RunSummary first) {
    }

    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    public Optional<RunSummary> run(String runId) throws TraceFileException {
        return runs().stream().filter(r -> r.runId().equals(runId)).findFirst();
    }

    /** Top-level spans (parent NULL) in start order. */
    public synchronized List<SpanRow> roots(String runId) throws TraceFileException {
        try {
            PreparedStatement ps = prepared("SELECT " + ROW_COLUMNS
                    + " FROM spans s WHERE s.run_id = ? AND s.parent_span_id IS NULL ORDER BY s.started_ns, s.rowid");
            ps.setString(1, runId);
            return rows(ps);
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /** Number of top-level spans (parent NULL) of a run, from the parent index. */
    public synchronized long rootCount(String runId) throws TraceFileException {
        try {
            return rootKeys(runId).size();
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /**
     * One page of top-level spans in start order, after {@code after} (null: from the first). The first call for a
     * run sorts every top-level span by start once (an index range scan of the parent index plus one row read each:
     * there is no index on {@code started_ns} in Dazzle's files) and keeps their rowids, 8 bytes per top-level span;
     * every page after that reads only its own rows. Only the page's rows get their child counts,
     * so a run with a hundred thousand roots still shows its first page at once. A file that has grown since (a live
     * run) is re-read.
     */
    public synchronized List<SpanRow> roots(String runId, SpanRow after, int limit) throws TraceFileException {
        try {
            RootKeys keys = rootKeys(runId);
            int from = 0;
            if (after != null) {
                from = keys.positionAfter(rowid(after.spanId()));
            }
            int to = (int) Math.min(keys.size(), (long) from + Math.max(1, limit));
            if (from >= to) {
                return List.of();
            }
            StringBuilder ids = new StringBuilder(16 * (to - from)).append('[');
            for (int i = from; i < to; i++) {
                ids.append(i == from ? "" : ",").append(keys.rowids[i]);
            }
            PreparedStatement ps = prepared("SELECT s.span_id, s.trace_id, s.parent_span_id, s.run_id, s.name, s.kind, "
                    + "s.status, s.started_ns, s.ended_ns, s.duration_ns, count(c.span_id), total(c.duration_ns) "
                    + "FROM spans s LEFT JOIN spans c ON c.run_id = s.run_id AND c.parent_span_id = s.span_id "
                    + "WHERE s.rowid IN (SELECT value FROM json_each(?)) GROUP BY s.rowid ORDER BY s.started_ns, s.rowid");
            ps.setString(1, ids.append(']').toString());
            return rows(ps);
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    private long rowid(String spanId) throws SQLException {
        PreparedStatement ps = prepared("SELECT rowid FROM spans WHERE span_id = ?");
        ps.setString(1, spanId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
        }
    }

    /** The rowids of one run's top-level spans in start order; valid while the file's last rowid is unchanged. */
    private static final class RootKeys {
        final String runId;
        final long lastRowid;
        final long[] rowids;

        RootKeys(String runId, long lastRowid, long[] rowids) {
            this.runId = runId;
            this.lastRowid = lastRowid;
            this.rowids = rowids;
        }

        int size() {
            return rowids.length;
        }

        /** The position after the span with this rowid (the end when it is not a top-level span of the run). */
        int positionAfter(long rowid) {
            for (int i = 0; i < rowids.length; i++) {
                if (rowids[i] == rowid) {
                    return i + 1;
                }
            }
            return rowids.length;
        }
    }

    private RootKeys rootKeys;

    private RootKeys rootKeys(String runId) throws SQLException {
        long last;
        try (ResultSet rs = prepared("SELECT max(rowid) FROM spans").executeQuery()) {
            last = rs.next() ? rs.getLong(1) : 0;
        }
        if (rootKeys != null && rootKeys.runId.equals(runId) && rootKeys.lastRowid == last) {
            return rootKeys;
        }
        // Sorted by SQLite and handed over as ONE string: a row per top-level span through JDBC costs more than
        // the scan itself.
        PreparedStatement ps = prepared("SELECT group_concat(rowid, ',' ORDER BY started_ns, rowid) FROM spans "
                + "WHERE run_id = ? AND parent_span_id IS NULL");
        ps.setString(1, runId);
        String list;
        try (ResultSet rs = ps.executeQuery()) {
            list = rs.next() ? rs.getString(1) : null;
        }
        rootKeys = new RootKeys(runId, last, parseLongs(list));
        return rootKeys;
    }

    static long[] parseLongs(String csv) {
        if (csv == null || csv.isEmpty()) {
            return new long[0];
        }
        int n = 1;
        for (int i = 0; i < csv.length(); i++) {
            if (csv.charAt(i) == ',') {
                n++;
            }
        }
        long[] out = new long[n];
        int k = 0;
        long v = 0;
        boolean neg = false;
        for (int i = 0; i < csv.length(); i++) {
            char ch = csv.charAt(i);
            if (ch == ',') {
                out[k++] = neg ? -v : v;
                v = 0;
                neg = false;
            } else if (ch == '-') {
                neg = true;
            } else {
                v = v * 10 + (ch - '0');
            }
        }
        out[k] = neg ? -v : v;
        return out;
    }

    /**
     * Direct children of a span in start order, each with its own child count and children's total duration: one
     * index range scan, plus one probe of the parent index per child (a join, not a query per child).
     */
    public synchronized List<SpanRow> children(String runId, String spanId) throws TraceFileException {
        try {
            PreparedStatement ps = prepared("SELECT s.span_id, s.trace_id, s.parent_span_id, s.run_id, s.name, "
                    + "s.kind, s.status, s.started_ns, s.ended_ns, s.duration_ns, count(c.span_id), total(c.duration_ns) "
                    + "FROM spans s LEFT JOIN spans c ON c.run_id = s.run_id AND c.parent_span_id = s.span_id "
                    + "WHERE s.run_id = ? AND s.parent_span_id = ? GROUP BY s.rowid ORDER BY s.started_ns, s.rowid");
            ps.setString(1, runId);
            ps.setString(2, spanId);
            return rows(ps);
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /**
     * One page of a span's direct children in start order, after {@code after} (null: from the first child), each with
     * its own child count and children's total duration: the page's rowids come from the parent index (the node's
     * children sorted by start, a sort of that index range only), then one probe of the parent index per row of the
     * page. A very wide node (10,000 children) thus costs a page, not the whole node; concatenated pages equal
     * {@link #children}. {@code after} must be a child of the span read before (its start and rowid are the cursor).
     */
    public synchronized List<SpanRow> childPage(String runId, String spanId, SpanRow after, int limit) throws TraceFileException {
        if (limit <= 0) {
            throw new IllegalArgumentException("page size must be positive: " + limit);
        }
        try {
            PreparedStatement ps = prepared("WITH page(rid) AS (SELECT rowid FROM spans WHERE run_id = ?1 AND parent_span_id = ?2 "
                    + "AND (started_ns > ?3 OR (started_ns = ?3 AND rowid > ?4)) ORDER BY started_ns, rowid LIMIT ?5) "
                    + "SELECT s.span_id, s.trace_id, s.parent_span_id, s.run_id, s.name, s.kind, s.status, s.started_ns, "
                    + "s.ended_ns, s.duration_ns, count(c.span_id), total(c.duration_ns) "
                    + "FROM page CROSS JOIN spans s ON s.rowid = page.rid "
                    + "LEFT JOIN spans c ON c.run_id = s.run_id AND c.parent_span_id = s.span_id "
                    + "GROUP BY s.rowid ORDER BY s.started_ns, s.rowid");
            ps.setString(1, runId);
            ps.setString(2, spanId);
            if (after == null) {
                ps.setLong(3, Long.MIN_VALUE);
                ps.setLong(4, Long.MIN_VALUE);
            } else {
                ps.setLong(3, after.span().startedNs());
                ps.setLong(4, rowid(after.spanId()));
            }
            ps.setInt(5, limit);
            return rows(ps);
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /**
     * Where a child stands among its parent's children in start order (0: the first): the number of siblings before
     * it, counted on the parent index. Tells a reveal which page of a wide node holds the span.
     */
    public synchronized int childPosition(String runId, String parentId, SpanRow child) throws TraceFileException {
        try {
            long rowid = rowid(child.spanId());
            PreparedStatement ps = prepared("SELECT count(*) FROM spans WHERE run_id = ?1 AND parent_span_id = ?2 "
                    + "AND (started_ns < ?3 OR (started_ns = ?3 AND rowid < ?4))");
            ps.setString(1, runId);
            ps.setString(2, parentId);
            ps.setLong(3, child.span().startedNs());
            ps.setLong(4, rowid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /** One span's child count and its children's summed duration (one probe of the parent index). */
    public synchronized SpanRow.Stats stats(String runId, String spanId) throws TraceFileException {
        try {
            PreparedStatement ps = prepared("SELECT count(*), total(duration_ns) FROM spans WHERE run_id = ? AND parent_span_id = ?");
            ps.setString(1, runId);
            ps.setString(2, spanId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new SpanRow.Stats(rs.getInt(1), (long) rs.getDouble(2));
            }
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /** Spans whose parent is not in the run, grouped by the missing parent id, groups in start order. */
    public synchronized List<OrphanGroup> orphans(String runId) throws TraceFileException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + ROW_COLUMNS + " FROM spans s WHERE s.run_id = ? "
                + "AND s.parent_span_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM spans p WHERE p.span_id = s.parent_span_id "
                + "AND p.run_id = s.run_id) ORDER BY s.started_ns, s.rowid")) {
            ps.setString(1, runId);
            Map<String, List<SpanRow>> groups = new LinkedHashMap<>();
            for (SpanRow row : rows(ps)) {
                groups.computeIfAbsent(row.span().parentSpanId(), k -> new ArrayList<>()).add(row);
            }
            List<OrphanGroup> out = new ArrayList<>();
            groups.forEach((parent, spans) -> out.add(new OrphanGroup(parent, spans)));
            return out;
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /**
     * Walks every parent link of the run once (in SQL, downwards from roots and orphans) and lists what cannot be
     * reached: spans in a parent-id cycle and below one. The downward walk cannot loop: a span has one parent, so a
     * cycle is never entered from outside it.
     */
    public synchronized Integrity integrity(String runId) throws TraceFileException {
        String reach = "WITH RECURSIVE r(id) AS ("
                + " SELECT s.span_id FROM spans s WHERE s.run_id = ?1 AND (s.parent_span_id IS NULL OR NOT EXISTS"
                + "  (SELECT 1 FROM spans p WHERE p.span_id = s.parent_span_id AND p.run_id = s.run_id))"
                + " UNION ALL SELECT c.span_id FROM r CROSS JOIN spans c ON c.run_id = ?1 AND c.parent_span_id = r.id) ";
        try {
            long total;
            try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM spans WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            long reachable;
            try (PreparedStatement ps = conn.prepareStatement(reach + "SELECT count(*) FROM r")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    reachable = rs.getLong(1);
                }
            }
            if (reachable >= total) {
                return new Integrity(total, reachable, List.of(), List.of());
            }
            List<SpanRow> unreachable;
            try (PreparedStatement ps = conn.prepareStatement(reach + "SELECT " + ROW_COLUMNS
                    + " FROM spans s WHERE s.run_id = ?1 AND s.span_id NOT IN (SELECT id FROM r) ORDER BY s.started_ns, s.rowid")) {
                ps.setString(1, runId);
                unreachable = rows(ps);
            }
            // Cycle members: follow parents inside the unreachable set until a span repeats.
            Map<String, String> parentOf = new HashMap<>();
            for (SpanRow r : unreachable) {
                parentOf.put(r.spanId(), r.span().parentSpanId());
            }
            Set<String> members = new java.util.LinkedHashSet<>();
            Set<String> done = new HashSet<>();
            for (SpanRow r : unreachable) {
                List<String> walk = new ArrayList<>();
                Set<String> onWalk = new HashSet<>();
                String cur = r.spanId();
                while (cur != null && !done.contains(cur) && onWalk.add(cur)) {
                    walk.add(cur);
                    cur = parentOf.get(cur);
                }
                if (cur != null && onWalk.contains(cur)) {
                    members.addAll(walk.subList(walk.indexOf(cur), walk.size()));
                }
                done.addAll(walk);
            }
            return new Integrity(total, reachable, unreachable, new ArrayList<>(members));
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /** The full span, attributes included. */
    public synchronized Optional<PerfSpan> span(String spanId) throws TraceFileException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT span_id, trace_id, parent_span_id, run_id, name, kind, status, "
                + "started_ns, ended_ns, duration_ns, attributes_json FROM spans WHERE span_id = ?")) {
            ps.setString(1, spanId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(span(rs, true));
            }
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /** The span's events in time order (duplicates from a re-exported span are kept: they are in the file). */
    public synchronized List<PerfSpanEvent> events(String spanId) throws TraceFileException {
        if (!hasEventsTable) {
            return List.of();
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM events WHERE span_id = ? ORDER BY timestamp_ns, rowid")) {
            ps.setString(1, spanId);
            List<PerfSpanEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id;
                    try {
                        id = rs.getLong("event_id");
                    } catch (SQLException e) {
                        id = 0;
                    }
                    out.add(new PerfSpanEvent(id, rs.getString("span_id"), column(rs, "run_id"), rs.getString("name"),
                            rs.getLong("timestamp_ns"), rs.getString("attributes_json")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /**
     * The span and its ancestors, top first, as far as parents exist in the run. Stops at a missing parent (the
     * first element is then an orphan) or where the chain loops (a cycle).
     */
    public synchronized List<SpanRow> pathTo(String runId, String spanId) throws TraceFileException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + ROW_COLUMNS + " FROM spans s WHERE s.span_id = ? AND s.run_id = ?")) {
            Deque<SpanRow> path = new ArrayDeque<>();
            Set<String> seen = new HashSet<>();
            String cur = spanId;
            while (cur != null && seen.add(cur)) {
                ps.setString(1, cur);
                ps.setString(2, runId);
                List<SpanRow> found = rows(ps);
                if (found.isEmpty()) {
                    break;
                }
                path.addFirst(found.get(0));
                cur = found.get(0).span().parentSpanId();
            }
            return new ArrayList<>(path);
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    /** Spans matching the query, longest first, at most {@code query.limit()}. */
    public synchronized List<SpanRow> search(String runId, SpanQuery q) throws TraceFileException {
        StringBuilder sql = new StringBuilder("SELECT " + ROW_COLUMNS + ", s.attributes_json FROM spans s WHERE s.run_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(runId);
        if (!SpanQuery.blank(q.nameContains())) {
            sql.append(" AND s.name LIKE ? ESCAPE '\\'");
            params.add("%" + like(q.nameContains().trim()) + "%");
        }
        if (q.errorsOnly()) {
            sql.append(" AND s.status = 'error'");
        }
        if (q.minDurationNs() > 0) {
            sql.append(" AND s.duration_ns >= ?");
            params.add(q.minDurationNs());
        }
        if (!SpanQuery.blank(q.attributeKey())) {
            sql.append(" AND s.attributes_json LIKE ? ESCAPE '\\'");
            params.add("%" + like(q.attributeKey().trim()) + "%");
        }
        if (!SpanQuery.blank(q.attributeValue())) {
            sql.append(" AND s.attributes_json LIKE ? ESCAPE '\\'");
            params.add("%" + like(q.attributeValue().trim()) + "%");
        }
        sql.append(" ORDER BY s.duration_ns DESC, s.rowid");
        int limit = q.limit() <= 0 ? 500 : q.limit();
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<SpanRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    if (SpanQuery.blank(q.attributeKey()) && SpanQuery.blank(q.attributeValue())) {
                        out.add(row(rs));
                    } else if (attributeMatches(Attributes.parse(rs.getString(13)), q)) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    static boolean attributeMatches(Attributes attrs, SpanQuery q) {
        String key = SpanQuery.blank(q.attributeKey()) ? null : q.attributeKey().trim();
        String value = SpanQuery.blank(q.attributeValue()) ? null : q.attributeValue().trim().toLowerCase(Locale.ROOT);
        if (!attrs.valid()) {
            return key == null && value != null && attrs.raw().toLowerCase(Locale.ROOT).contains(value);
        }
        for (String k : attrs.values().keySet()) {
            if (key != null && !k.equals(key)) {
                continue;
            }
            if (value == null || attrs.text(k).map(v -> v.toLowerCase(Locale.ROOT).contains(value)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    public synchronized long spanCount(String runId) throws TraceFileException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM spans WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw translate(fileName(), e);
        }
    }

    private static List<SpanRow> rows(PreparedStatement ps) throws SQLException {
        List<SpanRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static SpanRow row(ResultSet rs) throws SQLException {
        return new SpanRow(span(rs, false), rs.getInt(11), (long) rs.getDouble(12));
    }

    private static PerfSpan span(ResultSet rs, boolean withAttributes) throws SQLException {
        String name = rs.getString(5);
        return new PerfSpan(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                name == null ? "" : name, orEmpty(rs.getString(6)), orEmpty(rs.getString(7)), rs.getLong(8),
                rs.getLong(9), Math.max(0, rs.getLong(10)), withAttributes ? rs.getString(11) : null);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    String fileName() {
        return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    @Override
    public synchronized void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection closes next
            }
        }
        statements.clear();
        closeQuietly(conn);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a read-only connection loses nothing
        }
    }
}
