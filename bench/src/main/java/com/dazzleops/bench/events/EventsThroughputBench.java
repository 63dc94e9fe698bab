package com.dazzleops.bench.events;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.events.EventIds;
import com.dazzleops.server.events.ConsumerRunner;
import com.dazzleops.server.events.EventConsumer;
import com.dazzleops.server.events.EventFramework;
import com.dazzleops.server.events.EventsSchema;
import com.dazzleops.server.events.OutboxRelay;
import com.dazzleops.server.events.OutboxStore;
import com.dazzleops.server.events.RedisEventBus;
import com.dazzleops.server.events.SqlDialect;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Event pipeline benchmark: for SQLite, PostgreSQL and Redis Streams (outbox in PostgreSQL), in one run,
 * <ol>
 *   <li>the raw batched insert rate of the database (500-row transactions of envelope-sized rows): the ceiling,
 *       twice: rows keyed by random ids (version 4, as Dazzle keys its events; the baseline of every earlier run) and
 *       by time-ordered ids (version 7, as the events are keyed now, {@link EventIds}), which SQLite inserts about
 *       3.5 times as fast; the table gives the ratio to each;</li>
 *   <li>throughput: N events appended to the outbox in 500-event transactions while the relay and a consumer group
 *       run; events/s from the first append to the last event handled (outbox → bus → consumer with inbox). The
 *       producer builds and serialises each batch ({@code EventFramework.prepare}) before its transaction, as the
 *       raw insert has its rows ready before its own;</li>
 *   <li>latency: one event per transaction at a fixed rate (default 1,000/s), end-to-end from the envelope's
 *       timestamp (set just before the append) to the handler call; p50/p99/max.</li>
 * </ol>
 * Prints a table. PostgreSQL/Redis rows are skipped when TEST_DATABASE_URL / TEST_REDIS_URL are unset.
 *
 * <p>Warm-up: before a backend's measured runs, its raw insert and its pipeline run with {@code --warmup} rows/events
 * per pass (default 50,000, as many as a measured run), pass after pass (fresh scratch tables each time) until the
 * JIT compilers are nearly idle during a pass (under {@link #QUIET_COMPILE_MS} of compilation), at most
 * {@code --warmup-passes} passes (default 10; 1 = the earlier single pass). With passes of 10,000 (the default until
 * 2026-12-07) the pipeline's hot methods (the outbox append, the relay's publish, the consumer's read and inbox
 * insert) were still only C1-compiled after eight passes, and C2 compiled them during the measured run (0.6-0.9 s of
 * C2 CPU in a 1-s run, 12-18 us per event).
 *
 * <p>Measured runs: {@code --repeat} (default 5) times the raw inserts and then the pipeline, each on fresh tables,
 * one after the other, so each pipeline run sits next to its own raw runs; every run is printed and the table gives
 * the medians. On a shared 2-core machine one run's rates moved by 20-30 % from run to run.
 *
 * <p>Diagnostics: {@code -Dbench.threads=true} prints CPU per thread of each throughput phase and the share of time
 * the SQLite write gate was held (100-us samples); with async-profiler on the class path, {@code
 * -Dbench.profile=OUT -Dbench.profiler.lib=.../libasyncProfiler.so} profiles the measured throughput phases
 * (collapsed stacks; {@code -Dbench.profiler.event=wall} samples wall-clock time, where threads wait, instead of CPU);
 * {@code -Dbench.sqlite.autocheckpoint=N} sets SQLite's WAL auto-checkpoint for the raw inserts
 * and the pipeline alike. The table's note says how many warm-up passes each backend took.
 *
 * <p>Beside the rates the table gives the CPU time per
 * event of the throughput run (this JVM, and the local PostgreSQL server processes read from /proc), which are far
 * less sensitive to other load on the machine than the rates; and the load average. The last two columns put the
 * ratio in CPU terms: the raw insert's CPU per row (JVM + PostgreSQL) over the pipeline's CPU per event (JVM +
 * PostgreSQL + redis-server): on a shared 2-core machine the raw rate alone moved between 26,000 and 98,000 rows/s
 * from run to run, so a rate ratio of single runs mostly showed the load at the two moments. The rate ratio stays
 * the headline figure (the issue's definition).
 */
public final class EventsThroughputBench {

    static final String TOPIC = "bench_events";

    record Row(String backend, double rawInsertPerSec, double rawV7InsertPerSec, double eventsPerSec, double p50,
               double p99, double max, long latencyEvents, double cpuMicrosPerEvent, double dbCpuMicrosPerEvent,
               double rawCpuMicrosPerRow, double rawV7CpuMicrosPerRow, double redisCpuMicrosPerEvent, double ratio,
               double ratioV7) {
        /*
         * ratio: events/s over the raw insert rate with random (version 4) ids, the baseline since the first session;
         * ratioV7: the same over the raw rate with time-ordered (version 7) ids, the kind the events now carry. Each is
         * the median of the runs' own ratios (a pipeline run over the raw runs just before it).
         */

        /**
         * Raw CPU per row / pipeline CPU per event (this JVM + the local PostgreSQL processes): the "x raw" ratio in
         * CPU terms, which other load on the machine moves far less than the two rates measured minutes apart.
         */
        double cpuRatio() {
            return cpuRatio(rawCpuMicrosPerRow);
        }

        double cpuRatioV7() {
            return cpuRatio(rawV7CpuMicrosPerRow);
        }

        private double cpuRatio(double raw) {
            double pipeline = cpuMicrosPerEvent + Math.max(0, dbCpuMicrosPerEvent) + Math.max(0, redisCpuMicrosPerEvent);
            return raw <= 0 || pipeline <= 0 ? -1 : raw / pipeline;
        }
    }

    /** CPU (this JVM + local PostgreSQL processes) per row of the last raw insert run, in microseconds. */
    static double lastRawCpuMicrosPerRow;

    /** CPU time of this JVM and of the local PostgreSQL server processes during the last throughput phase. */
    static double lastCpuMicrosPerEvent;
    static double lastDbCpuMicrosPerEvent;
    static double lastRedisCpuMicrosPerEvent;

    /** CPU time per live thread (JVM threads only; compiler and GC threads are not visible here). */
    static Map<String, Long> threadCpu() {
        var tm = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (var ti : tm.dumpAllThreads(false, false)) {
            out.merge(ti.getThreadName(), tm.getThreadCpuTime(ti.getThreadId()), Long::sum);
        }
        return out;
    }

    /**
     * CPU time (ns) per native thread name of this process from /proc/self/task (includes the JIT compiler and GC
     * threads the MXBean does not list); empty when /proc is not there. Diagnostics for {@code -Dbench.threads=true}.
     */
    static Map<String, Long> nativeThreadCpu() {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L, Long::sum);
                } catch (Exception gone) {
                    // the thread ended while we looked
                }
            }
        } catch (Exception e) {
            return Map.of();
        }
        return out;
    }

    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
    }

    /** Sum of utime+stime (ns) of every process named "postgres" readable in /proc; -1 when /proc is not there. */
    static long postgresCpuNanos() {
        return processCpuNanos("postgres");
    }

    /** Sum of utime+stime (ns) of every process with this name readable in /proc; -1 when /proc is not there. */
    static long processCpuNanos(String processName) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        long ticks = 0;
        try (var dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path d : dirs) {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(open + 1, close).equals(processName)) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (Exception gone) {
                    // the process ended while we looked
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int n = intArg(args, "--events", 50_000);
        int rate = intArg(args, "--rate", 1_000);
        int seconds = intArg(args, "--seconds", 10);
        String only = strArg(args, "--backends", "sqlite,postgres,redis");
        warmup = intArg(args, "--warmup", 50_000);
        repeat = Math.max(1, intArg(args, "--repeat", 5));
        warmupPasses = Math.max(1, intArg(args, "--warmup-passes", 10));
        String pg = System.getenv("TEST_DATABASE_URL");
        String redis = System.getenv("TEST_REDIS_URL");
        List<Row> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "events benchmark: %d events for throughput, %d events/s for %d s for latency"
                + " (each backend's raw insert and pipeline warmed up first with %d rows/events per pass on scratch"
                + " tables, up to %d passes until the JIT is nearly idle)%n", n, rate, seconds, warmup, warmupPasses);
        for (String b : only.split(",")) {
            switch (b.trim()) {
                case "sqlite" -> rows.add(runSqlite(n, rate, seconds));
                case "postgres" -> {
                    if (pg == null || pg.isBlank()) {
                        System.out.println("postgres: skipped (TEST_DATABASE_URL not set)");
                    } else {
                        rows.add(runPostgres(pg, null, n, rate, seconds));
                    }
                }
                case "redis" -> {
                    if (pg == null || pg.isBlank() || redis == null || redis.isBlank()) {
                        System.out.println("redis: skipped (TEST_DATABASE_URL and TEST_REDIS_URL needed)");
                    } else {
                        rows.add(runPostgres(pg, redis, n, rate, seconds));
                    }
                }
                default -> System.out.println("unknown backend " + b);
            }
        }
        System.out.println();
        System.out.println("| backend | raw insert rows/s, uuid4 ids | raw insert rows/s, uuid7 ids"
                + " | events/s outbox→bus→consumer | × raw (uuid4) | × raw (uuid7) | p50 ms @" + rate
                + "/s | p99 ms | max ms | latency events | JVM CPU µs/event | PostgreSQL CPU µs/event"
                + " | Redis CPU µs/event | raw CPU µs/row uuid4 / uuid7 (JVM+PostgreSQL) | × raw in CPU uuid4 / uuid7 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.1f | %.1f | %.1f | %d | %.0f | %s"
                    + " | %s | %.1f / %.1f | %.2f / %.2f |%n",
                    r.backend(), r.rawInsertPerSec(), r.rawV7InsertPerSec(), r.eventsPerSec(), r.ratio(), r.ratioV7(),
                    r.p50(), r.p99(), r.max(), r.latencyEvents(), r.cpuMicrosPerEvent(),
                    r.dbCpuMicrosPerEvent() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.dbCpuMicrosPerEvent()),
                    r.redisCpuMicrosPerEvent() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.redisCpuMicrosPerEvent()),
                    r.rawCpuMicrosPerRow(), r.rawV7CpuMicrosPerRow(), r.cpuRatio(), r.cpuRatioV7());
        }
        warmupNotes.forEach(w -> System.out.println("warm-up: " + w));
        if (repeat > 1) {
            System.out.printf(Locale.ROOT, "measured: %d runs per backend (raw inserts then pipeline, one after the other);"
                    + " rates, ratios and CPU figures above are their medians (a ratio: the median of the runs' own ratios)%n", repeat);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println();
        System.out.println("targets: >= 10,000 events/s on PostgreSQL, >= 5,000 on SQLite, >= 0.3 x raw insert rate,"
                + " p99 <= 100 ms at 1,000 events/s");
        System.exit(0);
    }

    /**
     * Rows/events run through the same code paths on scratch tables before each backend's measured runs, so the
     * figures are those of a running server (JIT-compiled code), not of a JVM's first seconds. 0 disables it.
     */
    static int warmup;
    /** Measured runs per backend (--repeat): raw inserts and pipeline, one after the other; the table gives medians. */
    static int repeat = 5;

    /** The figures of each measured run of one backend, printed as they come; medians go to the table. */
    static final class Repeats {
        final String backend;
        final double[] raw = new double[repeat];
        final double[] rawCpu = new double[repeat];
        final double[] raw7 = new double[repeat];
        final double[] raw7Cpu = new double[repeat];
        final double[] tput = new double[repeat];
        final double[] cpu = new double[repeat];
        final double[] dbCpu = new double[repeat];
        final double[] redisCpu = new double[repeat];

        Repeats(String backend) {
            this.backend = backend;
        }

        /** Median over the runs of pipeline events/s / raw uuid4 rows/s. */
        double ratio() {
            return medianRatio(raw);
        }

        /** Median over the runs of pipeline events/s / raw uuid7 rows/s. */
        double ratioV7() {
            return medianRatio(raw7);
        }

        private double medianRatio(double[] rawRates) {
            double[] q = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                q[i] = tput[i] / rawRates[i];
            }
            return median(q);
        }

        void print(int i) {
            if (repeat > 1) {
                System.out.printf(Locale.ROOT, "  %s run %d of %d: raw uuid4 %,.0f rows/s, raw uuid7 %,.0f rows/s, pipeline %,.0f"
                        + " events/s, x raw %.2f / %.2f, JVM CPU %.1f us/event%n", backend, i + 1, repeat, raw[i], raw7[i],
                        tput[i], tput[i] / raw[i], tput[i] / raw7[i], cpu[i]);
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Maximum warm-up passes per backend (each on fresh scratch tables); see the class comment. */
    static int warmupPasses;
    /** A warm-up pass with less JIT compilation than this (ms, all compiler threads) ends the warm-up. */
    static final long QUIET_COMPILE_MS = 150;
    /** Warm-up notes for the table ("SQLite: 3 passes, last pass 80 ms compiling"). */
    static final List<String> warmupNotes = new ArrayList<>();

    interface Pass {
        void run(int i) throws Exception;
    }

    /** Runs warm-up passes until one compiles less than QUIET_COMPILE_MS, at most warmupPasses. */
    static void warmUp(String backend, Pass pass) throws Exception {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long compiled = -1;
        int i = 0;
        while (i < warmupPasses) {
            long c0 = jit.getTotalCompilationTime();
            pass.run(i++);
            compiled = jit.getTotalCompilationTime() - c0;
            if (compiled < QUIET_COMPILE_MS) {
                break;
            }
        }
        warmupNotes.add(String.format(Locale.ROOT, "%s: %d warm-up pass(es) of %d, the last one %d ms of JIT compilation",
                backend, i, warmup, compiled));
    }

    private static Row runSqlite(int n, int rate, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("events-bench");
        try {
            return runSqlite(dir, n, rate, seconds);
        } finally {
            // the scratch databases (a few hundred MB per run) go with the run
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Row runSqlite(Path dir, int n, int rate, int seconds) throws Exception {
        if (warmup > 0) {
            warmUp("SQLite", i -> {
                try (HikariDataSource ds = sqlite(dir.resolve("warm-raw-" + i + ".db"))) {
                    rawInsert(ds, warmup, IdKind.UUID4);
                }
                try (HikariDataSource ds = sqlite(dir.resolve("warm-raw7-" + i + ".db"))) {
                    rawInsert(ds, warmup, IdKind.UUID7);
                }
                try (HikariDataSource ds = sqlite(dir.resolve("warm-" + i + ".db"))) {
                    EventsSchema.migrate(ds, SqlDialect.SQLITE, null);
                    throughput(ds, SqlDialect.SQLITE, null, null, warmup);
                }
            });
        }
        Repeats r = new Repeats("SQLite");
        for (int i = 0; i < repeat; i++) {
            try (HikariDataSource ds = sqlite(dir.resolve("raw-" + i + ".db"))) {
                r.raw[i] = rawInsert(ds, n, IdKind.UUID4);
            }
            r.rawCpu[i] = lastRawCpuMicrosPerRow;
            try (HikariDataSource ds = sqlite(dir.resolve("raw7-" + i + ".db"))) {
                r.raw7[i] = rawInsert(ds, n, IdKind.UUID7);
            }
            r.raw7Cpu[i] = lastRawCpuMicrosPerRow;
            try (HikariDataSource ds = sqlite(dir.resolve("tput-" + i + ".db"))) {
                EventsSchema.migrate(ds, SqlDialect.SQLITE, null);
                r.tput[i] = measured(() -> throughput(ds, SqlDialect.SQLITE, null, null, n));
            }
            r.cpu[i] = lastCpuMicrosPerEvent;
            r.print(i);
        }
        double raw = median(r.raw);
        double rawCpu = median(r.rawCpu);
        double raw7 = median(r.raw7);
        double raw7Cpu = median(r.raw7Cpu);
        double tput = median(r.tput);
        lastCpuMicrosPerEvent = median(r.cpu);
        double[] lat;
        try (HikariDataSource ds = sqlite(dir.resolve("lat.db"))) {
            EventsSchema.migrate(ds, SqlDialect.SQLITE, null);
            lat = latency(ds, SqlDialect.SQLITE, null, null, rate, seconds);
        }
        return new Row("SQLite (SqliteBus)", raw, raw7, tput, lat[0], lat[1], lat[2], (long) lat[3],
                lastCpuMicrosPerEvent, -1, rawCpu, raw7Cpu, -1, r.ratio(), r.ratioV7());
    }

    private static Row runPostgres(String url, String redis, int n, int rate, int seconds) throws Exception {
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String prefix = redis == null ? null : "bench-" + schema + ":";
        try {
            if (warmup > 0) {
                warmUp(redis == null ? "PostgreSQL" : "Redis", i -> {
                    try (HikariDataSource ds = postgres(url, schema + "_wr")) {
                        rawInsert(ds, warmup, IdKind.UUID4);
                    }
                    try (HikariDataSource ds = postgres(url, schema + "_wr7")) {
                        rawInsert(ds, warmup, IdKind.UUID7);
                    }
                    try (HikariDataSource ds = postgres(url, schema + "_w")) {
                        EventsSchema.migrate(ds, SqlDialect.POSTGRES, schema + "_w");
                        throughput(ds, SqlDialect.POSTGRES, redis, prefix == null ? null : prefix + "w" + i + ":",
                                warmup);
                    }
                    dropSchemas(url, List.of(schema + "_wr", schema + "_wr7", schema + "_w"));
                });
            }
            Repeats r = new Repeats(redis == null ? "PostgreSQL" : "Redis");
            for (int i = 0; i < repeat; i++) {
                try (HikariDataSource ds = postgres(url, schema + "_raw")) {
                    r.raw[i] = rawInsert(ds, n, IdKind.UUID4);
                }
                r.rawCpu[i] = lastRawCpuMicrosPerRow;
                try (HikariDataSource ds = postgres(url, schema + "_raw7")) {
                    r.raw7[i] = rawInsert(ds, n, IdKind.UUID7);
                }
                r.raw7Cpu[i] = lastRawCpuMicrosPerRow;
                try (HikariDataSource ds = postgres(url, schema + "_t")) {
                    EventsSchema.migrate(ds, SqlDialect.POSTGRES, schema + "_t");
                    String p = prefix == null ? null : prefix + "t" + i + ":";
                    r.tput[i] = measured(() -> throughput(ds, SqlDialect.POSTGRES, redis, p, n));
                    r.cpu[i] = lastCpuMicrosPerEvent;
                    r.dbCpu[i] = lastDbCpuMicrosPerEvent;
                    r.redisCpu[i] = redis == null ? -1 : lastRedisCpuMicrosPerEvent;
                }
                r.print(i);
                dropSchemas(url, List.of(schema + "_raw", schema + "_raw7", schema + "_t"));
            }
            double raw = median(r.raw);
            double rawCpu = median(r.rawCpu);
            double raw7 = median(r.raw7);
            double raw7Cpu = median(r.raw7Cpu);
            double tput = median(r.tput);
            double cpu = median(r.cpu);
            double dbCpu = median(r.dbCpu);
            double redisCpu = median(r.redisCpu);
            double[] lat;
            try (HikariDataSource ds = postgres(url, schema + "_l")) {
                EventsSchema.migrate(ds, SqlDialect.POSTGRES, schema + "_l");
                lat = latency(ds, SqlDialect.POSTGRES, redis, prefix == null ? null : prefix + "l:", rate, seconds);
            }
            String name = redis == null ? "PostgreSQL (PostgresBus)" : "Redis Streams (RedisBus, outbox in PostgreSQL)";
            return new Row(name, raw, raw7, tput, lat[0], lat[1], lat[2], (long) lat[3], cpu, dbCpu, rawCpu, raw7Cpu,
                    redisCpu, r.ratio(), r.ratioV7());
        } finally {
            dropSchemas(url, List.of(schema + "_wr", schema + "_wr7", schema + "_w", schema + "_raw", schema + "_raw7",
                    schema + "_t", schema + "_l"));
            if (redis != null) {
                List<String> prefixes = new ArrayList<>(List.of(prefix + "l:"));
                for (int i = 0; i < repeat; i++) {
                    prefixes.add(prefix + "t" + i + ":");
                }
                for (int i = 0; i < warmupPasses; i++) {
                    prefixes.add(prefix + "w" + i + ":");
                }
                for (String p : prefixes) {
                    try (RedisEventBus b = new RedisEventBus(redis, p, null, SqlDialect.POSTGRES, 1000, 10)) {
                        b.deleteAllKeysUnderPrefix();
                    }
                }
            }
        }
    }

    static void dropSchemas(String url, List<String> schemas) throws Exception {
        for (String s : schemas) {
            try (Connection c = DriverManager.getConnection(jdbc(url)); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE");
            }
        }
    }

    /**
     * How the raw insert's rows are keyed: random ids (version 4, Dazzle's event ids, and ours until session 5) or
     * time-ordered ids (version 7, {@link EventIds}, the ids the events carry now). Both are measured, so the ratio can
     * be read against the baseline of the earlier sessions and against rows keyed like the events themselves.
     */
    enum IdKind {
        UUID4, UUID7
    }

    /** Envelope-sized rows, 500 per transaction, one connection. */
    static double rawInsert(HikariDataSource ds, int n, IdKind ids) throws Exception {
        String json = EventEnvelope.create("app.invoice_events.InvoiceSubmitted", UUID.randomUUID().toString(),
                payload(1), Map.of("tenant_id", "t1"), "bench").toPythonJson();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_raw (id TEXT PRIMARY KEY, topic TEXT NOT NULL, body TEXT NOT NULL)");
        }
        long cpu0 = processCpuNanos();
        long db0 = ds.getJdbcUrl().startsWith("jdbc:postgresql:") ? postgresCpuNanos() : -1;
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_raw (id, topic, body) VALUES (?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, (ids == IdKind.UUID4 ? UUID.randomUUID() : EventIds.next()).toString());
                    ps.setString(2, TOPIC);
                    ps.setString(3, json);
                    ps.addBatch();
                    if ((i + 1) % 500 == 0 || i == n - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        long db1 = db0 < 0 ? -1 : postgresCpuNanos();
        lastRawCpuMicrosPerRow = ((processCpuNanos() - cpu0) + (db0 < 0 || db1 < 0 ? 0 : db1 - db0)) / 1e3 / n;
        return rate;
    }

    static ObjectNode payload(int i) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("invoice_id", UUID.randomUUID().toString());
        p.put("tenant_id", "1a000000-0000-4000-8000-000000000001");
        p.put("submitted_at", Instant.now().toString());
        p.put("n", i);
        return p;
    }

    /** A consumer that counts and timestamps (the runner still writes the inbox and moves the position). */
    static final class Probe implements EventConsumer {
        final AtomicLong handled = new AtomicLong();
        final long[] latenciesMicros;
        final AtomicLong latencyIndex = new AtomicLong();
        volatile CountDownLatch done;
        volatile long target;

        Probe(int latencySlots) {
            latenciesMicros = new long[latencySlots];
        }

        @Override
        public String topic() {
            return TOPIC;
        }

        @Override
        public String groupId() {
            return "bench-group";
        }

        @Override
        public void handle(EventEnvelope e, Connection tx) {
            if (latenciesMicros.length > 0) {
                long micros = java.time.temporal.ChronoUnit.MICROS.between(e.timestamp().toInstant(), Instant.now());
                long i = latencyIndex.getAndIncrement();
                if (i < latenciesMicros.length) {
                    latenciesMicros[(int) i] = micros;
                }
            }
            if (handled.incrementAndGet() >= target && done != null) {
                done.countDown();
            }
        }
    }

    static EventFramework framework(HikariDataSource ds, SqlDialect d, String redis, String prefix, Probe probe) {
        EventFramework.Settings s = EventFramework.Settings.defaults()
                .withRelay(new OutboxRelay.Config(1000, 100, 5, 1000, 60_000, 30_000))
                .withConsumer(new ConsumerRunner.Config(1000, 100, 5, 1000, 60_000))
                .withRedis(redis, prefix == null ? "" : prefix);
        EventFramework f = new EventFramework(ds, d, s);
        f.register(probe);
        return f;
    }

    static double throughput(HikariDataSource ds, SqlDialect d, String redis, String prefix, int n) throws Exception {
        Probe probe = new Probe(0);
        probe.target = n;
        probe.done = new CountDownLatch(1);
        EventFramework f = framework(ds, d, redis, prefix, probe);
        f.start();
        try {
            Map<String, Long> threads0 = threadCpu();
            Map<String, Long> native0 = nativeThreadCpu();
            long cpu0 = processCpuNanos();
            long db0 = postgresCpuNanos();
            long redis0 = processCpuNanos("redis-server");
            profiler("start,event=" + System.getProperty("bench.profiler.event", "cpu") + ",interval=200us,threads");
            GateSampler gateSampler = Boolean.getBoolean("bench.threads")
                    && f.sqliteWriteGate() instanceof java.util.concurrent.locks.ReentrantLock gate
                    ? GateSampler.start(gate) : null;
            long t0 = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                List<EventEnvelope> batch = new ArrayList<>(500);
                for (int i = 0; i < n; i++) {
                    batch.add(EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "k" + (i % 997), payload(i),
                            Map.of("tenant_id", "t1"), "bench"));
                    if (batch.size() == 500 || i == n - 1) {
                        // the producer has its events before its transaction: serialised before it takes the writer
                        OutboxStore.Prepared prepared = EventFramework.prepare(batch);
                        var gate = f.sqliteWriteGate();
                        if (gate != null) {
                            gate.lock();
                        }
                        try {
                            c.setAutoCommit(false);
                            f.append(c, TOPIC, prepared);
                            c.commit();
                            c.setAutoCommit(true);
                        } finally {
                            if (gate != null) {
                                gate.unlock();
                            }
                        }
                        f.nudgeRelay();
                        batch.clear();
                    }
                }
            }
            if (!probe.done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + probe.handled.get() + " of " + n + " events arrived");
            }
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            profiler("stop,file=" + System.getProperty("bench.profile", "") + ",collapsed");
            if (gateSampler != null) {
                System.out.printf(Locale.ROOT, "  SQLite write gate held in %.1f %% of %d samples%n",
                        gateSampler.finish() * 100, gateSampler.samples);
            }
            if (Boolean.getBoolean("bench.threads")) {
                threadCpu().forEach((name, ns) -> {
                    long dt = ns - threads0.getOrDefault(name, 0L);
                    if (dt > 20_000_000L) {
                        System.out.printf(Locale.ROOT, "  thread %-40s cpu %6.0f ms (%5.1f us/event)%n", name, dt / 1e6,
                                dt / 1e3 / n);
                    }
                });
                nativeThreadCpu().forEach((name, ns) -> {
                    long dt = ns - native0.getOrDefault(name, 0L);
                    if (dt > 20_000_000L) {
                        System.out.printf(Locale.ROOT, "  native thread %-33s cpu %6.0f ms (%5.1f us/event)%n", name,
                                dt / 1e6, dt / 1e3 / n);
                    }
                });
            }
            lastCpuMicrosPerEvent = (processCpuNanos() - cpu0) / 1e3 / n;
            long db1 = postgresCpuNanos();
            lastDbCpuMicrosPerEvent = db0 < 0 || db1 < 0 ? -1 : (db1 - db0) / 1e3 / n;
            long redis1 = processCpuNanos("redis-server");
            lastRedisCpuMicrosPerEvent = redis0 < 0 || redis1 < 0 ? -1 : (redis1 - redis0) / 1e3 / n;
            return rate;
        } finally {
            f.close();
        }
    }

    /**
     * Diagnostics: with {@code -Dbench.profile=OUT} and {@code -Dbench.profiler.lib=libasyncProfiler.so} (async-profiler
     * on the class path), the measured throughput phase (not the warm-up passes) is profiled into OUT (collapsed stacks).
     */
    static void profiler(String command) {
        String lib = System.getProperty("bench.profiler.lib");
        if (lib == null || System.getProperty("bench.profile") == null || !measuring) {
            return;
        }
        try {
            Class<?> ap = Class.forName("one.profiler.AsyncProfiler");
            Object p = ap.getMethod("getInstance", String.class).invoke(null, lib);
            ap.getMethod("execute", String.class).invoke(p, command);
        } catch (ReflectiveOperationException e) {
            System.out.println("  profiler: " + e);
        }
    }

    /** Diagnostics: samples every 100 us whether the SQLite write gate is held (the single writer is busy). */
    static final class GateSampler extends Thread {
        private final java.util.concurrent.locks.ReentrantLock gate;
        private volatile boolean on = true;
        long samples;
        long held;

        private GateSampler(java.util.concurrent.locks.ReentrantLock gate) {
            super("gate-sampler");
            this.gate = gate;
            setDaemon(true);
        }

        static GateSampler start(java.util.concurrent.locks.ReentrantLock gate) {
            GateSampler s = new GateSampler(gate);
            s.start();
            return s;
        }

        @Override
        public void run() {
            while (on) {
                samples++;
                if (gate.isLocked()) {
                    held++;
                }
                LockSupport.parkNanos(100_000);
            }
        }

        double finish() throws InterruptedException {
            on = false;
            join();
            return samples == 0 ? 0 : (double) held / samples;
        }
    }

    /** True while a measured throughput run (not a warm-up pass) is on: the profiler covers only those. */
    static boolean measuring;

    interface Run {
        double run() throws Exception;
    }

    /** Runs a measured throughput phase. */
    static double measured(Run run) throws Exception {
        measuring = true;
        try {
            return run.run();
        } finally {
            measuring = false;
        }
    }

    /** {p50, p99, max, count} in milliseconds. */
    static double[] latency(HikariDataSource ds, SqlDialect d, String redis, String prefix, int rate, int seconds)
            throws Exception {
        int total = rate * seconds;
        Probe probe = new Probe(total);
        probe.target = total;
        probe.done = new CountDownLatch(1);
        EventFramework f = framework(ds, d, redis, prefix, probe);
        f.start();
        try {
            Thread.sleep(500); // let the loops settle
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                for (int i = 0; i < total; i++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    next += interval;
                    EventEnvelope ev = EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "k" + i, payload(i),
                            Map.of("tenant_id", "t1"), "bench");
                    var gate = f.sqliteWriteGate();
                    if (gate != null) {
                        gate.lock();
                    }
                    try {
                        c.setAutoCommit(false);
                        f.append(c, TOPIC, List.of(ev));
                        c.commit();
                        c.setAutoCommit(true);
                    } finally {
                        if (gate != null) {
                            gate.unlock();
                        }
                    }
                    f.nudgeRelay();
                }
            }
            if (!probe.done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + probe.handled.get() + " of " + total + " events arrived");
            }
        } finally {
            f.close();
        }
        long[] l = Arrays.copyOf(probe.latenciesMicros, (int) Math.min(probe.latencyIndex.get(), total));
        Arrays.sort(l);
        return new double[] {l[(int) (l.length * 0.50)] / 1000.0, l[(int) Math.min(l.length - 1, l.length * 0.99)] / 1000.0,
                l[l.length - 1] / 1000.0, l.length};
    }

    static HikariDataSource sqlite(Path file) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        c.setMaximumPoolSize(10);
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("synchronous", "NORMAL");
        c.addDataSourceProperty("busy_timeout", "15000");
        c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        String autocheckpoint = System.getProperty("bench.sqlite.autocheckpoint");
        if (autocheckpoint != null) {
            c.addDataSourceProperty("wal_autocheckpoint", autocheckpoint);
        }
        return new HikariDataSource(c);
    }

    static String jdbc(String url) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        URI u = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(u.getHost()).append(':')
                .append(u.getPort() < 0 ? 5432 : u.getPort()).append(u.getPath());
        if (u.getUserInfo() != null) {
            String[] up = u.getUserInfo().split(":", 2);
            sb.append("?user=").append(up[0]);
            if (up.length > 1) {
                sb.append("&password=").append(up[1]);
            }
        }
        return sb.toString();
    }

    static HikariDataSource postgres(String url, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc(url)); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        HikariConfig c = new HikariConfig();
        String j = jdbc(url);
        c.setJdbcUrl(j + (j.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        c.setMaximumPoolSize(10);
        return new HikariDataSource(c);
    }

    private static int intArg(String[] args, String name, int dflt) {
        String v = strArg(args, name, null);
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static String strArg(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
