package com.dazzleops.server.events;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Db#cached}: on SQLite one prepared statement per physical connection, reused by later transactions, which
 * neither keeps a stale read snapshot nor carries parameters over; on PostgreSQL a plain statement.
 */
class DbStatementCacheTest {

    @TempDir
    Path dir;

    private static HikariDataSource pool(Path file, int size) throws SQLException {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        c.setMaximumPoolSize(size);
        c.setPoolName("statement-cache-test");
        HikariDataSource ds = new HikariDataSource(c);
        try (Connection conn = ds.getConnection(); Statement s = conn.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        }
        return ds;
    }

    private static PreparedStatement physical(PreparedStatement ps) throws SQLException {
        return ps.unwrap(PreparedStatement.class);
    }

    @Test
    void aStatementIsPreparedOncePerConnectionAndStartsEachUseWithoutParameters() throws Exception {
        try (HikariDataSource ds = pool(dir.resolve("a.db"), 1)) {
            PreparedStatement first;
            Connection c = Db.begin(ds, SqlDialect.SQLITE);
            try {
                try (PreparedStatement ps = Db.cached(c, "INSERT INTO t (k, v) VALUES (?, ?)")) {
                    first = physical(ps);
                    ps.setInt(1, 1);
                    ps.setString(2, "one");
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                c.commit();
            } finally {
                Db.release(c);
            }
            c = Db.begin(ds, SqlDialect.SQLITE);
            try {
                try (PreparedStatement ps = Db.cached(c, "INSERT INTO t (k, v) VALUES (?, ?)")) {
                    assertThat(physical(ps)).isSameAs(first); // the same connection of the pool: not prepared again
                    ps.setInt(1, 2);
                    // the first use's parameters were cleared when it was closed: an unset v is NULL, refused
                    org.assertj.core.api.Assertions.assertThatThrownBy(ps::executeUpdate)
                            .isInstanceOf(SQLException.class).hasMessageContaining("NOT NULL");
                    ps.setString(2, "two");
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                c.commit();
            } finally {
                Db.release(c);
            }
            try (Connection r = ds.getConnection(); Statement s = r.createStatement();
                 ResultSet rs = s.executeQuery("SELECT group_concat(v, ',') FROM (SELECT v FROM t ORDER BY k)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("one,two");
            }
        }
    }

    @Test
    void aReusedQueryReadsTheLatestCommitsNotTheSnapshotOfItsFirstUse() throws Exception {
        try (HikariDataSource ds = pool(dir.resolve("b.db"), 2)) {
            Connection reader = ds.getConnection();
            Connection writer = ds.getConnection();
            try {
                String count = "SELECT count(*) FROM t WHERE k > ?";
                for (int i = 1; i <= 3; i++) {
                    try (PreparedStatement ps = Db.cached(reader, count)) {
                        ps.setInt(1, 0);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertThat(rs.getInt(1)).isEqualTo(i - 1);
                        }
                    }
                    try (Statement s = writer.createStatement()) {
                        s.execute("INSERT INTO t (k, v) VALUES (" + i + ", 'x')");
                    }
                }
                // a reused statement left open would pin the reader's snapshot and stop a full checkpoint
                try (Statement s = writer.createStatement();
                     ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("checkpoint blocked by a reader").isZero();
                }
            } finally {
                reader.close();
                writer.close();
            }
        }
    }

    @Test
    void aConnectionTheRelayGotAfterThePoolReplacedOneGetsItsOwnStatement() throws Exception {
        try (HikariDataSource ds = pool(dir.resolve("c.db"), 1)) {
            PreparedStatement before;
            try (Connection c = ds.getConnection(); PreparedStatement ps = Db.cached(c, "SELECT count(*) FROM t")) {
                before = physical(ps);
                ds.evictConnection(c); // the pool closes this connection and opens another
            }
            try (Connection c = ds.getConnection(); PreparedStatement ps = Db.cached(c, "SELECT count(*) FROM t");
                 ResultSet rs = ps.executeQuery()) {
                assertThat(physical(ps)).isNotSameAs(before);
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void closingAStatementWhoseConnectionWasClosedUnderItSucceedsAndItIsNotReused() throws Exception {
        try (HikariDataSource ds = pool(dir.resolve("d.db"), 1)) {
            Connection c = ds.getConnection();
            Connection physical = c.unwrap(org.sqlite.SQLiteConnection.class);
            PreparedStatement ps = Db.cached(c, "SELECT count(*) FROM t");
            PreparedStatement statement = physical(ps);
            physical.close(); // what the pool does to a connection it evicts, possibly while it is still held
            ps.close(); // was: "statement is not executing" from clearing a closed statement's parameters
            assertThat(statement.isClosed()).isTrue();
            ds.evictConnection(c);
            try (Connection fresh = ds.getConnection(); PreparedStatement again = Db.cached(fresh, "SELECT count(*) FROM t");
                 ResultSet rs = again.executeQuery()) {
                assertThat(physical(again)).isNotSameAs(statement);
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void onPostgresqlItIsAPlainStatementThatReallyCloses() throws Exception {
        String url = EventsTestSupport.pgUrlOrSkip();
        try (HikariDataSource ds = EventsTestSupport.postgres(url, "stmt_cache_test", 2)) {
            PreparedStatement kept;
            try (Connection c = ds.getConnection(); PreparedStatement ps = Db.cached(c, "SELECT 1")) {
                kept = ps;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
            assertThat(kept.isClosed()).isTrue();
        } finally {
            EventsTestSupport.dropSchema(url, "stmt_cache_test");
        }
    }
}
