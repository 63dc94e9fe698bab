package com.dazzleops.server.spi;

import com.dazzleops.server.ServerConfig;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.Dialect;
import com.dazzleops.server.entity.EntityService;
import com.dazzleops.server.integrations.IntegrationService;
import com.dazzleops.server.integrations.InvoiceSettlement;
import com.dazzleops.server.jobs.JobService;
import com.dazzleops.server.metrics.Metrics;
import com.dazzleops.server.spec.AppSpec;
import io.javalin.config.RoutesConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/** What the runtime offers a {@link Subsystem} during {@link Subsystem#init}. */
public interface SubsystemContext {

    ServerConfig config();

    AppSpec appSpec();

    DataSource dataSource();

    /** The pool wrapper, with {@code inTransaction} and {@code ping}. */
    Database database();

    Dialect dialect();

    Clock clock();

    PrometheusRegistry prometheusRegistry();

    Metrics metrics();

    JobService jobs();

    IntegrationService integrations();

    /** Pays an approved invoice through payment_provider.charge_card (PaymentAttempt rows, retries, audit, hooks). */
    InvoiceSettlement settlement();

    /** Entity reads and writes (writes run the hooks, audit and state machine). */
    EntityService entities();

    /** Registers an in-transaction hook run on every entity write. */
    void addWriteHook(EntityWriteHook hook);

    /**
     * Registers routes on the Javalin app (applied when the app is built, after the core routes). Use
     * {@code com.dazzleops.server.http.Http} helpers for JSON bodies and FastAPI-shaped 422s.
     */
    void addRoutes(Consumer<RoutesConfig> routes);

    void addReadinessCheck(ReadinessCheck check);

    /**
     * Supplies {@code dazzle_component_health{component=...}} (1 healthy, 0.5 degraded, 0 unhealthy), e.g.
     * {@code event_bus}.
     */
    void setComponentHealth(String component, DoubleSupplier health);
}
