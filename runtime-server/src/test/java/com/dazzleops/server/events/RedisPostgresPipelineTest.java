package com.dazzleops.server.events;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;
import java.util.UUID;

/**
 * The pipeline contract on the Redis Streams bus with the outbox (and inbox) on PostgreSQL: the relay's path that
 * publishes under its claim's row locks, which {@link RedisPipelineTest} (SQLite outbox) does not take.
 */
class RedisPostgresPipelineTest extends EventPipelineContract {

    String url;
    String schema;
    HikariDataSource ds;
    String redis;
    String prefix;

    @BeforeEach
    void open() {
        url = EventsTestSupport.pgUrlOrSkip();
        redis = EventsTestSupport.redisUrlOrSkip();
        prefix = "evtest-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        schema = EventsTestSupport.newSchemaName();
        ds = EventsTestSupport.postgres(url, schema, 8);
    }

    @AfterEach
    void closeAll() {
        stopFramework();
        framework = null;
        if (ds != null) {
            ds.close();
            EventsTestSupport.dropSchema(url, schema);
        }
        if (redis != null) {
            try (RedisEventBus cleaner = new RedisEventBus(redis, prefix, null, SqlDialect.POSTGRES, 1000, 10)) {
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
        return SqlDialect.POSTGRES;
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
