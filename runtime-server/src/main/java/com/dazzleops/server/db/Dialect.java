package com.dazzleops.server.db;

/** The two SQL dialects the runtime speaks. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The migration folder name: {@code sqlite} or {@code postgresql}. */
    public String folder() {
        return folder;
    }

    public boolean isSqlite() {
        return this == SQLITE;
    }
}
