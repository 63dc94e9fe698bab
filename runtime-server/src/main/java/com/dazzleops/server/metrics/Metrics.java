package com.dazzleops.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The runtime's Prometheus registry and every family it exposes on {@code /_dazzle/metrics}. One instance per server
 * (its own registry, so two servers in one JVM never share series).
 *
 * <p>Names follow Prometheus conventions (base units, {@code _total} counters) so {@code promtool check metrics}
 * passes; Dazzle's collector uses {@code _ms} summaries, which promtool rejects (see README differences).
 */
public final class Metrics {

    /** Dazzle's component list, in Dazzle's order. */
    public static final List<String> COMPONENTS =
            List.of("event_bus", "database", "tigerbeetle", "http_api", "websocket", "cache", "external_api");

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, DoubleSupplier> componentHealth = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public final Counter httpRequests;
    public final Counter httpErrors;
    public final Summary httpDuration;
    public final Counter jobRuns;
    public final Summary jobDuration;
    public final Counter integrationAttempts;
    public final Counter approvalVotes;
    public final Counter auditEntries;
    public final Counter entityWrites;

    public Metrics() {
        GaugeWithCallback.builder().name("dazzle_uptime_seconds").help("Time since server start")
                .callback(cb -> cb.call((System.nanoTime() - startNanos) / 1e9)).register(registry);
        GaugeWithCallback.builder().name("dazzle_component_health")
                .help("Component health status (1=healthy, 0.5=degraded, 0=unhealthy)")
                .labelNames("component")
                .callback(cb -> {
                    for (String c : COMPONENTS) {
                        DoubleSupplier s = componentHealth.get(c);
                        double v;
                        try {
                            v = s == null ? 0.0 : s.getAsDouble();
                        } catch (RuntimeException e) {
                            v = 0.0;
                        }
                        cb.call(v, c);
                    }
                }).register(registry);
        httpRequests = Counter.builder().name("dazzle_http_requests_total").help("HTTP requests by method, normalised path and status")
                .labelNames("method", "path", "status").register(registry);
        httpErrors = Counter.builder().name("dazzle_http_errors_total").help("HTTP responses with status >= 400")
                .labelNames("method", "path", "status", "error_class").register(registry);
        httpDuration = Summary.builder().name("dazzle_http_request_duration_seconds").help("HTTP request latency")
                .quantile(0.5, 0.01).quantile(0.95, 0.005).quantile(0.99, 0.001)
                .maxAgeSeconds(300).numberOfAgeBuckets(5)
                .labelNames("method", "path").register(registry);
        jobRuns = Counter.builder().name("dazzle_job_runs_total").help("Finished job attempts by job and final status of the attempt")
                .labelNames("job", "status").register(registry);
        jobDuration = Summary.builder().name("dazzle_job_duration_seconds").help("Job attempt duration")
                .quantile(0.5, 0.01).quantile(0.95, 0.005).quantile(0.99, 0.001)
                .labelNames("job").register(registry);
        integrationAttempts = Counter.builder().name("dazzle_integration_attempts_total")
                .help("Outbound integration attempts by outcome (succeeded, retried, failed)")
                .labelNames("integration", "mapping", "outcome").register(registry);
        approvalVotes = Counter.builder().name("dazzle_approval_votes_total").help("Approval decisions recorded")
                .labelNames("approval", "decision").register(registry);
        auditEntries = Counter.builder().name("dazzle_audit_entries_total").help("Audit log entries written")
                .labelNames("operation", "decision").register(registry);
        entityWrites = Counter.builder().name("dazzle_entity_writes_total").help("Entity writes committed")
                .labelNames("entity", "operation").register(registry);
        JvmMetrics.builder().register(registry);
        componentHealth.put("http_api", () -> 1.0);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void setComponentHealth(String component, DoubleSupplier health) {
        componentHealth.put(component, health);
    }

    /** Current component health values, in Dazzle's order. */
    public Map<String, Double> componentHealth() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String c : COMPONENTS) {
            DoubleSupplier s = componentHealth.get(c);
            m.put(c, s == null ? 0.0 : s.getAsDouble());
        }
        return m;
    }

    /** The exposition body (Prometheus text format 0.0.4), always ending with a newline. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("cannot render metrics", e);
        }
        return out.toByteArray();
    }
}
