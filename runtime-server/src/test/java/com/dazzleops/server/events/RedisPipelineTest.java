package com.dazzleops.server.events;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.UUID;

/** Redis Streams bus; outbox, inbox and retries in a SQLite file. */
class RedisPipelineTest extends EventPipelineContract {

    @TempDir
    Path dir;
    HikariDataSource ds;
    String redis;
    String prefix;

    @BeforeEach
    void open() {
        redis = EventsTestSupport.redisUrlOrSkip();
        prefix = "evtest-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        ds = EventsTestSupport.sqlite(dir.resolve("events.db"));
    }

    @AfterEach
    void closeAll() {
        stopFramework();
        framework = null;
        if (ds != null) {
            ds.close();
        }
        if (redis != null) {
            try (RedisEventBus cleaner = new RedisEventBus(redis, prefix, null, SqlDialect.SQLITE, 1000, 10)) {
                cleaner.deleteAllKeysUnderPrefix();
            }
        }
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
        return redis;
    }

    @Override
    String redisPrefix() {
        return prefix;
    }
}
