package com.dazzleops.server;

import com.dazzleops.model.json.Wire;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the local PostgreSQL and Redis named by TEST_DATABASE_URL / TEST_REDIS_URL (skipped when unset): boot and
 * CRUD on a fresh schema, a real database outage (connections refused, then allowed again), and the metrics stream.
 */
class ExternalServicesTest {

    private static String pgUrl() {
        String url = System.getenv("TEST_DATABASE_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "TEST_DATABASE_URL not set: skipping the PostgreSQL test");
        return url;
    }

    private static String jdbc(String pgUrl) {
        URI u = URI.create(pgUrl.replaceFirst("^postgres(ql)?://", "http://"));
        String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo().split(":")[0];
        return "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath() + "?user=" + user;
    }

    @Test
    void postgresBootCrudAndStats() {
        String base = pgUrl();
        String schema = "rs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (TestServer s = new TestServer(ServerConfig.builder().workers(false).databaseUrl(url))) {
            assertThat(s.get("/_dazzle/ready").body()).isEqualTo("{\"ready\":true,\"database\":\"ok\",\"reason\":null}");
            assertThat(s.get("/db-info").json().get("database_backend").asText()).isEqualTo("postgresql");
            String req = s.login("requester@demo.dazzle.local");
            TestServer.Reply c = s.send("POST", "/invoices", "{\"invoice_number\":\"PG-1\",\"supplier\":\"2b000000-0000-4000-8000-000000000001\",\"amount\":\"12.34\"}", req);
            assertThat(c.status()).as(c.body()).isEqualTo(201);
            String id = c.json().get("id").asText();
            assertThat(s.send("PUT", "/invoices/" + id, "{\"status\":\"submitted\"}", req).status()).isEqualTo(200);
            assertThat(s.get("/invoices/" + id, req).json().get("amount").asText()).isEqualTo("12.34");
            JsonNode stats = s.get("/_dazzle/stats").json();
            for (JsonNode e : stats.get("entities")) {
                if (e.get("name").asText().equals("Invoice")) {
                    assertThat(e.get("count").asLong()).isEqualTo(22);
                }
            }
            assertThat(s.server.jobs().runDue()).isEqualTo(1); // notify_approvers via FOR UPDATE SKIP LOCKED
            assertThat(s.get("/_dazzle/jobs").json().get("total_runs").asLong()).isEqualTo(1);
            JsonNode tables = s.get("/_dazzle/tables").json();
            assertThat(tables.toString()).contains("\"name\":\"Invoice\",\"count\":22");
        } finally {
            try (Connection c = DriverManager.getConnection(jdbc(base)); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (Exception ignored) {
                // best effort cleanup
            }
        }
    }

    @Test
    void databaseOutageMakesReadyFalseAndTheServerRecoversByItself() throws Exception {
        String base = pgUrl();
        String db = "rs_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String admin = jdbc(base);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        String url = base.replaceFirst("/[^/?]+(\\?.*)?$", "/" + db);
        try (TestServer s = new TestServer(ServerConfig.builder().workers(false).databaseUrl(url))) {
            assertThat(s.get("/_dazzle/ready").json().get("ready").asBoolean()).isTrue();
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            }
            String down = waitFor(s, false);
            assertThat(down).isEqualTo("{\"ready\":false,\"database\":\"error\",\"reason\":\"database unreachable\"}");
            JsonNode health = s.get("/_dazzle/health").json();
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("database").asText()).isEqualTo("error: database unreachable");
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            }
            assertThat(waitFor(s, true)).isEqualTo("{\"ready\":true,\"database\":\"ok\",\"reason\":null}");
            assertThat(s.get("/_dazzle/stats").status()).isEqualTo(200);
        } finally {
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static String waitFor(TestServer s, boolean ready) throws InterruptedException {
        String body = null;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            body = s.get("/_dazzle/ready").body();
            if (body.contains("\"ready\":" + ready)) {
                return body;
            }
            Thread.sleep(250);
        }
        return body;
    }

    @Test
    void redisMetricsStreamCarriesEveryRequest() throws Exception {
        String redis = System.getenv("TEST_REDIS_URL");
        Assumptions.assumeTrue(redis != null && !redis.isBlank(), "TEST_REDIS_URL not set: skipping the Redis stream test");
        String instance = "rs-test-" + UUID.randomUUID();
        try (TestServer s = new TestServer(ServerConfig.builder().workers(false).redisUrl(redis).instance(instance))) {
            s.get("/_dazzle/live");
            s.get("/invoices/3c000000-0000-4000-8000-000000000001"); // 401 → error entry
            s.get("/health"); // excluded by exact match
            List<Map<String, String>> mine = List.of();
            try (Jedis j = new Jedis(URI.create(redis))) {
                long deadline = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline) {
                    List<StreamEntry> entries = j.xrevrange("dazzle:metrics:stream", (StreamEntryID) null, (StreamEntryID) null, 500);
                    mine = entries.stream().map(StreamEntry::getFields).filter(f -> f.getOrDefault("tags", "").contains(instance)).toList();
                    if (mine.size() >= 5) {
                        break;
                    }
                    Thread.sleep(200);
                }
            }
            assertThat(mine).hasSize(5); // 2 requests × (count + latency) + 1 error; /health excluded
            Map<String, String> err = mine.stream().filter(f -> f.get("name").equals("http_errors_total")).findFirst().orElseThrow();
            assertThat(err.get("value")).isEqualTo("1.0");
            assertThat(err.get("tags")).isEqualTo("{\"method\": \"GET\", \"path\": \"/invoices/:id\", \"status\": \"401\", \"error_class\": \"client\", \"instance\": \"" + instance + "\"}");
            Map<String, String> lat = mine.stream().filter(f -> f.get("name").equals("http_latency_ms")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(lat.get("value"))).isPositive();
            assertThat(lat.get("ts")).matches("\\d{10}\\.\\d+");
            assertThat(Wire.mapper().readTree(lat.get("tags")).get("instance").asText()).isEqualTo(instance);
            assertThat(s.server.redisEmitter().healthy()).isTrue();
        }
    }
}
