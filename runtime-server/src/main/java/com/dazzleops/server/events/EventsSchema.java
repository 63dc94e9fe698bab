package com.dazzleops.server.events;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/**
 * Applies the event subsystem's migrations (versions V50..V99) from {@code db/events/<dialect>}.
 *
 * <p>It keeps its own history table ({@code flyway_events_history}) so it never competes with the core's V1..V49
 * history; baselining at 49 lets it run on a database whose core schema already exists.
 */
public final class EventsSchema {

    public static final String HISTORY_TABLE = "flyway_events_history";

    private EventsSchema() {
    }

    public static MigrateResult migrate(DataSource dataSource, SqlDialect dialect, String schema) {
        var cfg = Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("49")
                .validateMigrationNaming(true);
        if (schema != null && !schema.isBlank()) {
            cfg = cfg.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        return cfg.load().migrate();
    }
}
