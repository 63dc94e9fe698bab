package com.dazzleops.bench.events;

import com.dazzleops.model.json.Wire;
import com.dazzleops.server.RuntimeServer;
import com.dazzleops.server.ServerConfig;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.entity.ListQuery;
import com.dazzleops.server.spi.Actor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One server instance of the fault harness: a real {@link RuntimeServer} (events subsystem included) on a shared
 * PostgreSQL schema, which, once the go-file appears, creates its share of invoices and submits each one (one
 * InvoiceSubmitted event per invoice, written to the outbox by the write hook). Writes that fail while a backend is
 * down are retried; a restarted node skips the invoices it already committed.
 *
 * <p>Args: port databaseUrl redisUrl|- from to goFile doneFile
 */
public final class FaultNode {

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        int port = Integer.parseInt(args[0]);
        String db = args[1];
        String redis = "-".equals(args[2]) ? null : args[2];
        int from = Integer.parseInt(args[3]);
        int to = Integer.parseInt(args[4]);
        Path go = Path.of(args[5]);
        Path done = Path.of(args[6]);
        Path dataDir = Files.createTempDirectory("fault-node");
        RuntimeServer server = RuntimeServer.start(ServerConfig.builder().port(port).host("127.0.0.1")
                .databaseUrl(db).redisUrl(redis).dataDir(dataDir).workers(false)
                .jwtSecret("fault-harness-secret-0123456789abcdef").build());
        System.out.println("NODE READY " + port);
        while (!Files.exists(go)) {
            Thread.sleep(50);
        }
        Map<String, Object> supplier = retry(() -> server.entities().list(Actor.SYSTEM, "Supplier",
                ListQuery.firstPage(1), RequestInfo.NONE).items().get(0));
        Set<String> existing = retry(() -> existing(server, from, to));
        int created = 0;
        for (int i = from; i < to; i++) {
            String number = "F-" + i;
            if (existing.contains(number)) {
                continue;
            }
            final int n = i;
            retry(() -> {
                String id = findSubmittedOrDraft(server, number);
                if (id == null) {
                    Map<String, Object> inv = new LinkedHashMap<>();
                    inv.put("tenant_id", supplier.get("tenant_id"));
                    inv.put("invoice_number", number);
                    inv.put("supplier", supplier.get("id"));
                    inv.put("amount", 10 + (n % 90));
                    inv.put("currency", "GBP");
                    id = (String) server.entities().create(Actor.SYSTEM, "Invoice", Wire.mapper().valueToTree(inv),
                            RequestInfo.NONE).get("id");
                }
                Map<String, Object> cur = server.entities().get(Actor.SYSTEM, "Invoice", id, RequestInfo.NONE);
                if ("draft".equals(cur.get("status"))) {
                    server.entities().update(Actor.SYSTEM, "Invoice", id,
                            Wire.mapper().valueToTree(Map.of("status", "submitted")), RequestInfo.NONE);
                }
                return null;
            });
            created++;
            if (created % 500 == 0) {
                System.out.println("NODE " + port + " created " + created);
            }
        }
        System.out.println("NODE DONE " + port + " created " + created);
        Files.writeString(done, Integer.toString(created));
        Thread.currentThread().join(); // keep serving until the harness stops us
    }

    /** Invoice numbers of this node's range already committed (a restarted node skips them). */
    private static Set<String> existing(RuntimeServer server, int from, int to) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = server.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT invoice_number FROM \"Invoice\" WHERE status <> 'draft'"
                     + " AND invoice_number LIKE 'F-%'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String findSubmittedOrDraft(RuntimeServer server, String number) throws Exception {
        try (Connection c = server.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM \"Invoice\" WHERE invoice_number = ?")) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    interface Work<T> {
        T run() throws Exception;
    }

    /** Retries while a backend is down (the harness restarts PostgreSQL/Redis on purpose). */
    static <T> T retry(Work<T> w) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return w.run();
            } catch (Exception e) {
                if (attempt % 10 == 1) {
                    System.out.println("NODE retrying after: " + e);
                }
                Thread.sleep(Math.min(200L * attempt, 2000));
            }
        }
    }
}
