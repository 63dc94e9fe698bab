package com.dazzleops.bench.server;

import com.dazzleops.server.RuntimeServer;
import com.dazzleops.server.ServerConfig;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.SqlTime;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a runtime-server for bench/server-http.sh: {@code ServerBench <dataDir> <port> <invoices>}. Bulk-loads
 * invoices up to the requested count (plain JDBC batches, then the maintained counts are reconciled from COUNT(*)),
 * prints {@code READY <baseUrl>} and serves until killed.
 */
public final class ServerBench {

    private ServerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/dazzle-bench");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 18900;
        long want = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000L;
        RuntimeServer server = RuntimeServer.start(ServerConfig.builder().dataDir(dir).port(port).jwtSecret("bench-secret-bench-secret-bench-secret").build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Database db = server.database();
        long have = count(db);
        if (have < want) {
            long t0 = System.nanoTime();
            load(db, want - have);
            db.inTransaction(c -> {
                server.entities().repository().reconcileCounts(c, server.appSpec().entities());
                return null;
            });
            System.out.printf("seeded %,d invoices in %.1f s%n", want - have, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("invoices: %,d%n", count(db));
        System.out.println("READY " + server.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static long count(Database db) throws Exception {
        return db.withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"Invoice\"")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void load(Database db, long n) throws Exception {
        String[] statuses = {"draft", "submitted", "approved", "paid", "disputed", "rejected"};
        String[] suppliers = {"2b000000-0000-4000-8000-000000000001", "2b000000-0000-4000-8000-000000000002", "2b000000-0000-4000-8000-000000000003"};
        Random r = new Random(1);
        String now = SqlTime.store(Instant.now());
        long done = 0;
        while (done < n) {
            long chunk = Math.min(100_000, n - done);
            final long start = done;
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"Invoice\" (id, tenant_id, invoice_number, supplier, amount, currency, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
                    for (long i = 0; i < chunk; i++) {
                        ps.setString(1, UUID.randomUUID().toString());
                        ps.setString(2, "1a000000-0000-4000-8000-000000000001");
                        ps.setString(3, "BENCH-" + (start + i));
                        ps.setString(4, suppliers[r.nextInt(3)]);
                        ps.setBigDecimal(5, java.math.BigDecimal.valueOf(10 + r.nextInt(20_000_00), 2));
                        ps.setString(6, "GBP");
                        ps.setString(7, statuses[r.nextInt(statuses.length)]);
                        ps.setString(8, now);
                        ps.setString(9, now);
                        ps.addBatch();
                        if (i % 5_000 == 4_999) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                return null;
            });
            done += chunk;
        }
    }

}
