package com.dazzleops.server.spi;

import com.dazzleops.server.db.Dialect;
import org.flywaydb.core.api.migration.JavaMigration;

import java.util.List;

/**
 * A pluggable part of the runtime (the events subsystem is one). Discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/com.dazzleops.server.spi.Subsystem}) or added with
 * {@code RuntimeServer.start(config, List.of(subsystem))}.
 *
 * <p>Lifecycle, in this order: {@link #migrationLocations}/{@link #javaMigrations} (before Flyway runs) →
 * {@link #init} (services ready, HTTP not yet listening: register hooks, routes, readiness, metrics) → HTTP starts →
 * {@link #start} → ... → {@link #close} (reverse order of start, before the pool closes). A failing {@code init} or
 * {@code start} is logged and the server keeps serving without that subsystem.
 */
public interface Subsystem extends AutoCloseable {

    String name();

    /** Extra Flyway locations, e.g. {@code classpath:db/migration/events/sqlite}; versions V50..V99 are yours. */
    default List<String> migrationLocations(Dialect dialect) {
        return List.of();
    }

    default List<JavaMigration> javaMigrations(Dialect dialect) {
        return List.of();
    }

    void init(SubsystemContext context) throws Exception;

    /** Start threads; HTTP is listening and the core workers run. */
    default void start() throws Exception {
    }

    /**
     * True when this subsystem settles approved invoices itself (the settle_invoice process): the demo workload then
     * stops paying approved invoices directly.
     */
    default boolean settlesInvoices() {
        return false;
    }

    /** Stop threads and release resources; idempotent; must not throw. */
    @Override
    void close();
}
