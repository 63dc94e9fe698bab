package com.dazzleops.server.events;

import com.dazzleops.model.json.WireTime;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Small JDBC helpers shared by the event subsystem. */
final class Db {

    private Db() {
    }

    private static final Map<DataSource, ReentrantLock> SQLITE_GATES = new ConcurrentHashMap<>();
    private static final Map<Connection, ReentrantLock> HELD = new ConcurrentHashMap<>();

    /**
     * The in-process writer gate of a SQLite database: SQLite admits one writer and makes the others sleep in its
     * busy handler (up to 100 ms per try), so the relay and consumers queue here, fairly, instead.
     */
    static ReentrantLock sqliteGate(DataSource ds) {
        return SQLITE_GATES.computeIfAbsent(ds, k -> new ReentrantLock(true));
    }

    /** A connection with auto-commit off; on SQLite a busy timeout so writers queue instead of failing. */
    static Connection begin(DataSource ds, SqlDialect dialect) throws SQLException {
        ReentrantLock gate = null;
        if (dialect == SqlDialect.SQLITE) {
            gate = sqliteGate(ds);
            gate.lock();
        }
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException | RuntimeException e) {
            if (gate != null) {
                gate.unlock();
            }
            throw e;
        }
        if (gate != null) {
            HELD.put(c, gate);
        }
        try {
            if (dialect == SqlDialect.SQLITE) {
                Connection physical = sqlitePhysical(c);
                if (physical == null || BUSY_TIMEOUT_SET.put(physical, Boolean.TRUE) == null) {
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA busy_timeout = 10000");
                    }
                }
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            ReentrantLock g = HELD.remove(c);
            c.close();
            if (g != null) {
                g.unlock();
            }
            throw e;
        }
    }

    /** Physical SQLite connections whose busy timeout {@link #begin} has set (it stays set on the connection). */
    private static final Map<Connection, Boolean> BUSY_TIMEOUT_SET = Collections.synchronizedMap(new WeakHashMap<>());
    /** Statements prepared once per physical SQLite connection, by SQL text (see {@link #cached}). */
    private static final Map<Connection, Map<String, PreparedStatement>> STATEMENTS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** The sqlite-jdbc connection behind a pooled one, or null for any other database. */
    private static Connection sqlitePhysical(Connection c) throws SQLException {
        return c.isWrapperFor(org.sqlite.SQLiteConnection.class) ? c.unwrap(org.sqlite.SQLiteConnection.class) : null;
    }

    /**
     * A prepared statement for {@code sql} on {@code c}. On SQLite it is prepared once per physical connection and
     * reused by every later transaction on that connection (the pool keeps its connections): SQLite parses and plans
     * a statement at every prepare, and the relay's and the consumers' statements were prepared anew for each batch,
     * inside the transactions that hold the database's only writer. Closing what this returns only clears its
     * parameters; the statement itself lives as long as the connection. Use it only while holding {@code c}, and
     * close every ResultSet it gives (that resets the statement). Other databases: {@code c.prepareStatement(sql)}
     * (the PostgreSQL driver keeps its own server-side statement cache).
     */
    static PreparedStatement cached(Connection c, String sql) throws SQLException {
        Connection physical = sqlitePhysical(c);
        if (physical == null) {
            return c.prepareStatement(sql);
        }
        Map<String, PreparedStatement> byText = STATEMENTS.computeIfAbsent(physical, k -> new HashMap<>());
        PreparedStatement ps = byText.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = physical.prepareStatement(sql);
            byText.put(sql, ps);
        }
        PreparedStatement statement = ps;
        return (PreparedStatement) Proxy.newProxyInstance(Db.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            resetForReuse(physical, sql, statement);
                            return null;
                        }
                        case "isClosed" -> {
                            return false;
                        }
                        default -> {
                            try {
                                return method.invoke(statement, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    /**
     * What closing a {@link #cached} statement does: clear its parameters and batch for the next use. A statement whose
     * connection was closed under it (the pool evicted a broken connection) cannot be cleared and is never used again;
     * it leaves the cache and the close succeeds, as a plain statement's close on a closed connection does.
     */
    private static void resetForReuse(Connection physical, String sql, PreparedStatement statement) {
        try {
            if (!statement.isClosed()) {
                statement.clearParameters();
                statement.clearBatch();
                return;
            }
        } catch (SQLException e) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // its connection is gone already
            }
        }
        Map<String, PreparedStatement> byText = STATEMENTS.get(physical);
        if (byText != null) {
            byText.remove(sql, statement); // only the connection's holder touches its map
        }
    }

    static void rollbackQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is broken; closing it is all that is left
        }
    }

    /** Closes after rolling back anything uncommitted, restoring auto-commit for the pool. */
    static void release(Connection c) {
        if (c == null) {
            return;
        }
        rollbackQuietly(c);
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // broken connection: the pool evicts it
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        } finally {
            ReentrantLock g = HELD.remove(c);
            if (g != null) {
                g.unlock();
            }
        }
    }

    static String nowIso() {
        return WireTime.pythonIso(Instant.now()).text();
    }

    static String iso(Instant i) {
        return WireTime.pythonIso(i).text();
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        s = s.replace('\n', ' ');
        return s.length() > 500 ? s.substring(0, 500) : s;
    }
}
