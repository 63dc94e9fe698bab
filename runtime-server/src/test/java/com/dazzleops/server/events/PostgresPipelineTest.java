package com.dazzleops.server.events;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;

class PostgresPipelineTest extends EventPipelineContract {

    String url;
    String schema;
    HikariDataSource ds;

    @BeforeEach
    void open() {
        url = EventsTestSupport.pgUrlOrSkip();
        schema = EventsTestSupport.newSchemaName();
        ds = EventsTestSupport.postgres(url, schema, 8);
    }

    @AfterEach
    void closeDs() {
        stopFramework();
        framework = null;
        if (ds != null) {
            ds.close();
            EventsTestSupport.dropSchema(url, schema);
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
        return null;
    }

    @Override
    String redisPrefix() {
        return "";
    }
}
