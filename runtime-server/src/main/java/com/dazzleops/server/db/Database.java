package com.dazzleops.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The application database: a HikariCP pool (min 2, max 10), Flyway migrations for the dialect, and a transaction
 * helper. SQLite runs in WAL mode with IMMEDIATE write transactions and a busy timeout, so concurrent writers queue
 * instead of failing.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    public static final int POOL_MIN = 2;
    public static final int POOL_MAX = 10;

    private final DatabaseUrl url;
    private final HikariDataSource pool;

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /** Opens the pool (does not migrate). */
    public static Database open(DatabaseUrl url) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("dazzle-db");
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setMinimumIdle(POOL_MIN);
        hc.setMaximumPoolSize(POOL_MAX);
        hc.setConnectionTimeout(2_000);
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(15_000);
        if (url.dialect() == Dialect.SQLITE) {
            Path file = url.sqlitePath();
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the database directory " + file.getParent() + ": " + e.getMessage(), e);
            }
            hc.setDriverClassName("org.sqlite.JDBC");
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "NORMAL");
            hc.addDataSourceProperty("busy_timeout", "15000");
            hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            hc.addDataSourceProperty("foreign_keys", "false");
            hc.setConnectionTestQuery("SELECT 1");
            hc.setConnectionInitSql("PRAGMA case_sensitive_like = ON");
        } else {
            hc.setDriverClassName("org.postgresql.Driver");
            if (url.user() != null) {
                hc.setUsername(url.user());
            }
            if (url.password() != null) {
                hc.setPassword(url.password());
            }
            hc.addDataSourceProperty("ApplicationName", "dazzle-runtime");
            hc.addDataSourceProperty("connectTimeout", "3");
            hc.addDataSourceProperty("socketTimeout", "30");
        }
        HikariDataSource ds = new HikariDataSource(hc);
        LOG.info("Connection pool opened (min={}, max={})", POOL_MIN, POOL_MAX);
        return new Database(url, ds);
    }

    /**
     * Runs the core migrations ({@code classpath:db/migration/core/<dialect>}) plus Java migrations and any extra
     * locations contributed by subsystems, in one Flyway history.
     */
    public int migrate(List<JavaMigration> javaMigrations, List<String> extraLocations) {
        List<String> locations = new ArrayList<>();
        locations.add("classpath:db/migration/core/" + url.dialect().folder());
        locations.addAll(extraLocations);
        var cfg = Flyway.configure()
                .dataSource(pool)
                .locations(locations.toArray(String[]::new))
                .javaMigrations(javaMigrations.toArray(JavaMigration[]::new))
                .failOnMissingLocations(false)
                .loggers("slf4j");
        if (url.schema() != null) {
            cfg.schemas(url.schema()).defaultSchema(url.schema()).createSchemas(true);
        }
        var result = cfg.load().migrate();
        LOG.info("Migrations applied: {} (schema version {})", result.migrationsExecuted,
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion);
        return result.migrationsExecuted;
    }

    public DataSource dataSource() {
        return pool;
    }

    public Dialect dialect() {
        return url.dialect();
    }

    public DatabaseUrl url() {
        return url;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** {@code SELECT 1} through the pool; false when no connection can be had within the pool's timeout. */
    public boolean ping() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            if (url.dialect() == Dialect.POSTGRESQL) {
                s.setQueryTimeout(2); // (sqlite-jdbc maps a query timeout onto the connection's busy timeout: not there)
            }
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface TxWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: commit on return, rollback on any exception (rethrown). On SQLite a
     * transaction that lost the single-writer race ({@code SQLITE_BUSY}) is rolled back and run again (up to 5
     * times), so {@code work} must keep its side effects inside the connection.
     */
    public <T> T inTransaction(TxWork<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (url.dialect() != Dialect.SQLITE || attempt >= 5 || !isBusy(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(25L * attempt + (long) (Math.random() * 25));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** SQLITE_BUSY (5), SQLITE_LOCKED (6) and their extended codes. */
    static boolean isBusy(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        String m = e.getMessage() == null ? "" : e.getMessage();
        return code == 5 || code == 6 || m.contains("SQLITE_BUSY") || m.contains("database is locked")
                || m.contains("no transaction is active");
    }

    private <T> T once(TxWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // the connection is returned to the pool either way; Hikari resets it
                }
            }
        }
    }

    /** Work on a plain (auto-commit) connection. */
    public <T> T withConnection(TxWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public void close() {
        if (!pool.isClosed()) {
            pool.close();
            LOG.info("Connection pool closed");
        }
    }
}
