package com.dazzleops.server.events;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

class SqlitePipelineTest extends EventPipelineContract {

    @TempDir
    Path dir;
    HikariDataSource ds;

    @BeforeEach
    void open() {
        ds = EventsTestSupport.sqlite(dir.resolve("events.db"));
    }

    @AfterEach
    void closeDs() {
        stopFramework();
        framework = null;
        ds.close();
    }

    @Override
    DataSource dataSource() {
        return ds;
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    @Override
    String redisUrl() {
        return null;
    }

    @Override
    String redisPrefix() {
        return "";
    }
}
