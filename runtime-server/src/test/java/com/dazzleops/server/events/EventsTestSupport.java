package com.dazzleops.server.events;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Real databases for the event tests: a SQLite file, a private PostgreSQL schema, a private Redis key prefix. */
final class EventsTestSupport {

    private EventsTestSupport() {
    }

    static HikariDataSource sqlite(Path file) {
        return sqliteMigratedTo(file, null);
    }

    /**
     * A SQLite database in WAL mode with the event migrations applied up to version {@code target} (all when null):
     * a database as an earlier version of the server left it.
     */
    static HikariDataSource sqliteMigratedTo(Path file, String target) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        c.setMaximumPoolSize(6);
        c.setConnectionInitSql("PRAGMA busy_timeout = 10000");
        c.setPoolName("events-test-sqlite");
        HikariDataSource ds = new HikariDataSource(c);
        try (Connection conn = ds.getConnection(); Statement s = conn.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (target == null) {
            EventsSchema.migrate(ds, SqlDialect.SQLITE, null);
        } else {
            Flyway.configure().dataSource(ds).locations(SqlDialect.SQLITE.migrationLocation())
                    .table(EventsSchema.HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("49").target(target)
                    .load().migrate();
        }
        return ds;
    }

    static String pgUrlOrSkip() {
        String url = System.getenv("TEST_DATABASE_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "TEST_DATABASE_URL not set: PostgreSQL event tests skipped");
        return url;
    }

    static String redisUrlOrSkip() {
        String url = System.getenv("TEST_REDIS_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "TEST_REDIS_URL not set: Redis event tests skipped");
        return url;
    }

    /** postgresql://user@host:port/db -> jdbc:postgresql://host:port/db?user=user */
    static String jdbcUrl(String url) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        URI u = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(u.getHost())
                .append(':').append(u.getPort() < 0 ? 5432 : u.getPort()).append(u.getPath());
        String user = u.getUserInfo();
        if (user != null) {
            String[] up = user.split(":", 2);
            sb.append("?user=").append(up[0]);
            if (up.length > 1) {
                sb.append("&password=").append(up[1]);
            }
        }
        return sb.toString();
    }

    static String newSchemaName() {
        return "ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    static HikariDataSource postgres(String url, String schema, int poolSize) {
        String jdbc = jdbcUrl(url);
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbc + (jdbc.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        c.setMaximumPoolSize(poolSize);
        c.setPoolName("events-test-" + schema);
        HikariDataSource ds = new HikariDataSource(c);
        EventsSchema.migrate(ds, SqlDialect.POSTGRES, schema);
        return ds;
    }

    static void dropSchema(String url, String schema) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(url)); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception ignored) {
            // best effort
        }
    }

    static long count(javax.sql.DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The event ids {@link RecordingConsumer}s recorded (table {@code test_handled}), in the order they were handled. */
    static java.util.List<String> handledInOrder(javax.sql.DataSource ds) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id FROM test_handled ORDER BY rowid")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static void await(Duration max, BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out after " + max + " waiting for: " + what);
    }
}
