package com.dazzleops.server.events;

import com.dazzleops.model.json.WireTime;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
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
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 10000");
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
