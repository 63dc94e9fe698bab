package com.dazzleops.server.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The two databases the event subsystem runs on. */
public enum SqlDialect {
    SQLITE("sqlite", "rowid"),
    POSTGRES("postgresql", "seq");

    private final String migrationFolder;
    private final String outboxOrderColumn;

    SqlDialect(String migrationFolder, String outboxOrderColumn) {
        this.migrationFolder = migrationFolder;
        this.outboxOrderColumn = outboxOrderColumn;
    }

    public String migrationLocation() {
        return "classpath:db/events/" + migrationFolder;
    }

    /** The column giving the outbox's append order. */
    String outboxOrder() {
        return outboxOrderColumn;
    }

    public static SqlDialect of(Connection c) throws SQLException {
        return fromProductName(c.getMetaData().getDatabaseProductName());
    }

    public static SqlDialect fromProductName(String product) {
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("sqlite")) {
            return SQLITE;
        }
        if (p.contains("postgres")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("event subsystem supports SQLite and PostgreSQL, not " + product);
    }

    public static SqlDialect fromJdbcUrl(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("unsupported JDBC URL for the event subsystem: " + url.replaceAll("//[^@/]*@", "//***@"));
    }
}
