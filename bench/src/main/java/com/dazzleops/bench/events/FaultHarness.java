package com.dazzleops.bench.events;

import com.dazzleops.server.events.RedisEventBus;
import com.dazzleops.server.events.SqlDialect;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Scale-out and fault scenarios for the events subsystem with real server processes ({@link FaultNode}) on one
 * PostgreSQL database (own schema) and, for the Redis bus, one Redis (own key prefix):
 * <ul>
 *   <li>{@code scaleout}: K nodes take a burst of N invoices (one InvoiceSubmitted each);</li>
 *   <li>{@code kill}: as scaleout, node 0 is killed with SIGKILL mid-burst and restarted;</li>
 *   <li>{@code pgrestart}: PostgreSQL is stopped mid-burst (readiness must say not ready) and started again;</li>
 *   <li>{@code redisrestart}: Redis is shut down mid-burst (nosave) and started again (Redis bus only).</li>
 * </ul>
 * Afterwards: every event on the bus exactly once, every projection applied exactly once. Prints the figures; exit
 * code 1 on any loss or duplicate.
 *
 * <p>Args: scenario bus(pg|redis) invoices nodes
 */
public final class FaultHarness {

    static final String PG_CTL = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main ";
    static final String REDIS_START = "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\""
            + " --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log";

    final String scenario;
    final boolean redisBus;
    final int invoices;
    final int nodes;
    final String pgUrl;
    final String redisUrl;
    final String schema = "evfault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String prefix = "evfault-" + schema + ":";
    final Path work;
    final List<Process> procs = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String notReadySeen = "n/a";

    FaultHarness(String[] args) throws IOException {
        scenario = args.length > 0 ? args[0] : "scaleout";
        redisBus = args.length > 1 && args[1].equals("redis");
        invoices = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        nodes = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        pgUrl = env("TEST_DATABASE_URL");
        redisUrl = redisBus ? env("TEST_REDIS_URL") : null;
        work = Files.createTempDirectory("events-faults");
    }

    static String env(String n) {
        String v = System.getenv(n);
        if (v == null || v.isBlank()) {
            System.out.println("SKIP: " + n + " is not set");
            System.exit(0);
        }
        return v;
    }

    public static void main(String[] args) throws Exception {
        FaultHarness h = new FaultHarness(args);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> h.procs.forEach(Process::destroyForcibly)));
        int rc;
        try {
            rc = h.run();
        } finally {
            h.cleanup();
        }
        System.exit(rc);
    }

    String dbUrl() {
        return pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    Process startNode(int k) throws IOException {
        int from = k * invoices / nodes;
        int to = (k + 1) * invoices / nodes;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-DDAZZLE_EVENTS_REDIS_PREFIX=" + prefix, "-DDAZZLE_EVENTS_RETRY_BACKOFF_MS=200",
                "-cp", System.getProperty("java.class.path"), FaultNode.class.getName(),
                Integer.toString(ports.get(k)), dbUrl(), redisUrl == null ? "-" : redisUrl,
                Integer.toString(from), Integer.toString(to), work.resolve("go").toString(),
                work.resolve("done-" + k).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("node-" + k + ".log").toFile()));
        pb.environment().remove("DATABASE_URL");
        pb.environment().remove("REDIS_URL");
        return pb.start();
    }

    int run() throws Exception {
        try (Connection c = DriverManager.getConnection(EventsThroughputBench.jdbc(pgUrl)); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        for (int k = 0; k < nodes; k++) {
            try (ServerSocket ss = new ServerSocket(0)) {
                ports.add(ss.getLocalPort());
            }
        }
        System.out.printf(Locale.ROOT, "scenario=%s bus=%s invoices=%d nodes=%d schema=%s logs=%s%n", scenario,
                redisBus ? "RedisBus" : "PostgresBus", invoices, nodes, schema, work);
        // node 0 first (it migrates and seeds the empty schema), then the others
        procs.add(startNode(0));
        awaitReady(0, 180);
        for (int k = 1; k < nodes; k++) {
            procs.add(startNode(k));
        }
        for (int k = 1; k < nodes; k++) {
            awaitReady(k, 180);
        }
        long t0 = System.nanoTime();
        Files.writeString(work.resolve("go"), "go");
        int third = invoices / 3;
        switch (scenario) {
            case "kill" -> {
                awaitSubmitted(third, 300);
                System.out.println("kill -9 node 0 at " + submitted() + " submitted invoices");
                procs.get(0).destroyForcibly().waitFor();
                Thread.sleep(1000);
                procs.set(0, startNode(0));
                awaitReady(0, 180);
                System.out.println("node 0 restarted");
            }
            case "pgrestart" -> {
                awaitSubmitted(third, 300);
                System.out.println("stopping PostgreSQL at " + submitted() + " submitted invoices");
                sh(PG_CTL + "stop");
                try {
                    notReadySeen = awaitNotReady(1, 30);
                } finally {
                    Thread.sleep(3000);
                    sh(PG_CTL + "start");
                }
                System.out.println("PostgreSQL started again; readiness while down: " + notReadySeen);
            }
            case "redisrestart" -> {
                if (!redisBus) {
                    throw new IllegalArgumentException("redisrestart needs the redis bus");
                }
                awaitSubmitted(third, 300);
                System.out.println("shutting Redis down at " + submitted() + " submitted invoices");
                sh("redis-cli -h 127.0.0.1 -p 6379 shutdown nosave || true");
                try {
                    notReadySeen = awaitNotReady(0, 30);
                } finally {
                    Thread.sleep(3000);
                    sh(REDIS_START);
                }
                System.out.println("Redis started again; readiness while down: " + notReadySeen);
            }
            default -> {
            }
        }
        for (int k = 0; k < nodes; k++) {
            awaitFile(work.resolve("done-" + k), 900);
        }
        double burstSeconds = (System.nanoTime() - t0) / 1e9;
        for (int k = 0; k < nodes; k++) {
            awaitReady(k, 120); // recovered by itself
        }
        awaitDrained(600);
        double drainSeconds = (System.nanoTime() - t0) / 1e9;
        return verify(burstSeconds, drainSeconds);
    }

    long q(String sql) {
        String j = EventsThroughputBench.jdbc(pgUrl);
        try (Connection c = DriverManager.getConnection(j + (j.contains("?") ? "&" : "?") + "currentSchema=" + schema);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    long submitted() {
        return q("SELECT count(*) FROM \"Invoice\" WHERE invoice_number LIKE 'F-%' AND status = 'submitted'");
    }

    void awaitSubmitted(long n, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (submitted() < n) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("burst stalled at " + submitted());
            }
            Thread.sleep(100);
        }
    }

    String ready(int k) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(k)
                    + "/_dazzle/ready")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (Exception e) {
            return null;
        }
    }

    void awaitReady(int k, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            String b = ready(k);
            if (b != null && b.contains("\"ready\":true")) {
                return;
            }
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("node " + k + " not ready: " + b + " (see " + work + ")");
            }
            Thread.sleep(200);
        }
    }

    String awaitNotReady(int k, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            String b = ready(k);
            if (b != null && b.contains("\"ready\":false")) {
                return b;
            }
            Thread.sleep(200);
        }
        return "NEVER NOT READY";
    }

    static void awaitFile(Path p, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!Files.exists(p)) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("timed out waiting for " + p);
            }
            Thread.sleep(200);
        }
    }

    void awaitDrained(int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            long pending = q("SELECT count(*) FROM _dazzle_event_outbox WHERE status <> 'published'");
            long applied = q("SELECT count(*) FROM _dazzle_event_inbox WHERE consumer_name = 'projection-InvoiceStatusView'");
            long events = q("SELECT count(*) FROM _dazzle_event_outbox");
            if (pending == 0 && applied >= events && events >= invoices) {
                return;
            }
            Thread.sleep(500);
        }
        System.out.println("WARNING: not drained within " + seconds + " s");
    }

    static void sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).inheritIO().start();
        p.waitFor();
    }

    int verify(double burstSeconds, double drainSeconds) throws Exception {
        long inv = submitted();
        long sent = q("SELECT count(*) FROM _dazzle_event_outbox");
        long sentDistinct = q("SELECT count(DISTINCT id) FROM _dazzle_event_outbox");
        long published = q("SELECT count(*) FROM _dazzle_event_outbox WHERE status = 'published'");
        long onBus;
        long onBusDistinct;
        if (redisBus) {
            Set<String> ids = new HashSet<>();
            long n = 0;
            try (RedisClient r = RedisClient.create(URI.create(redisUrl))) {
                for (StreamEntry e : r.xrange(prefix + "dazzle:stream:invoice_events", "-", "+")) {
                    n++;
                    ids.add(e.getFields().get("id"));
                }
            }
            onBus = n;
            onBusDistinct = ids.size();
        } else {
            onBus = q("SELECT count(*) FROM _dazzle_events WHERE topic = 'invoice_events'");
            onBusDistinct = q("SELECT count(DISTINCT id) FROM _dazzle_events WHERE topic = 'invoice_events'");
        }
        long viewRows = q("SELECT count(*) FROM invoice_status_view");
        long applied = q("SELECT COALESCE(sum(applied_count), 0) FROM invoice_status_view");
        long maxApplied = q("SELECT COALESCE(max(applied_count), 0) FROM invoice_status_view");
        long inbox = q("SELECT count(*) FROM _dazzle_event_inbox WHERE consumer_name = 'projection-InvoiceStatusView'");
        long dlq = redisBus ? -1 : q("SELECT count(*) FROM _dazzle_dlq");
        System.out.println();
        System.out.printf(Locale.ROOT, "| scenario | bus | nodes | invoices submitted | events sent (outbox) | published |"
                + " on bus (distinct) | bus duplicates | projection rows | applications | applied twice | burst s | drained s |%n");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d (%d) | %d | %d | %d | %d | %.1f | %.1f |%n",
                scenario, redisBus ? "RedisBus" : "PostgresBus", nodes, inv, sent, published, onBus, onBusDistinct,
                onBus - onBusDistinct, viewRows, applied, maxApplied > 1 ? applied - viewRows : 0, burstSeconds,
                drainSeconds);
        System.out.println("readiness while the backend was down: " + notReadySeen);
        List<String> problems = new ArrayList<>();
        check(problems, inv == invoices, "invoices submitted " + inv + " != " + invoices);
        check(problems, sent == invoices && sentDistinct == sent, "outbox rows " + sent + " (distinct " + sentDistinct + ")");
        check(problems, published == sent, "published " + published + " of " + sent);
        check(problems, onBusDistinct == sent, "events lost on the bus: " + (sent - onBusDistinct));
        check(problems, onBus == onBusDistinct, "duplicates on the bus: " + (onBus - onBusDistinct));
        check(problems, viewRows == invoices, "projection rows " + viewRows);
        check(problems, applied == invoices && maxApplied == 1, "projection applications " + applied + ", max per invoice " + maxApplied);
        check(problems, inbox == invoices, "inbox rows " + inbox);
        check(problems, dlq <= 0, "DLQ entries " + dlq);
        if (scenario.endsWith("restart")) {
            check(problems, notReadySeen.contains("\"ready\":false"), "readiness never said not ready");
        }
        if (problems.isEmpty()) {
            System.out.println("PASS: zero lost, zero duplicates, every projection applied once");
            return 0;
        }
        System.out.println("FAIL: " + String.join("; ", problems));
        return 1;
    }

    static void check(List<String> problems, boolean ok, String what) {
        if (!ok) {
            problems.add(what);
        }
    }

    void cleanup() {
        for (Process p : procs) {
            p.destroyForcibly();
        }
        for (Process p : procs) {
            try {
                p.waitFor();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
        if (System.getenv("KEEP_FAULT_DATA") == null) {
            try (Connection c = DriverManager.getConnection(EventsThroughputBench.jdbc(pgUrl)); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (Exception e) {
                System.out.println("could not drop schema " + schema + ": " + e.getMessage());
            }
            if (redisUrl != null) {
                try (RedisEventBus b = new RedisEventBus(redisUrl, prefix, null, SqlDialect.POSTGRES, 1000, 10)) {
                    b.deleteAllKeysUnderPrefix();
                } catch (Exception e) {
                    System.out.println("could not delete Redis keys " + prefix + "*: " + e.getMessage());
                }
            }
        }
    }
}
