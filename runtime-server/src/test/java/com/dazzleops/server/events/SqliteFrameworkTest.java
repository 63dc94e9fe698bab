package com.dazzleops.server.events;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** What the SQLite event-framework tests share: a scratch folder, the database and framework they open, closed after. */
abstract class SqliteFrameworkTest {

    @TempDir
    Path dir;
    HikariDataSource ds;
    EventFramework framework;

    @AfterEach
    void closeFrameworkAndDatabase() {
        if (framework != null) {
            framework.close();
        }
        if (ds != null) {
            ds.close();
        }
    }
}
