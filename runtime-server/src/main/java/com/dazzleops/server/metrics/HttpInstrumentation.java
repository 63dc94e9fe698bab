package com.dazzleops.server.metrics;

import com.dazzleops.server.http.PathNormalizer;
import io.javalin.http.Context;

/**
 * Per-request metrics: Prometheus counters and latency summary by method and normalised path, and the Redis stream
 * when configured. Unmatched paths (404 without a route) are labelled {@code unmatched} to bound label cardinality.
 */
public final class HttpInstrumentation {

    private static final String START = "dz.start";

    private final Metrics metrics;
    private final RedisMetricsEmitter redis;

    public HttpInstrumentation(Metrics metrics, RedisMetricsEmitter redis) {
        this.metrics = metrics;
        this.redis = redis;
    }

    public void before(Context ctx) {
        ctx.attribute(START, System.nanoTime());
    }

    public void after(Context ctx) {
        Long start = ctx.attribute(START);
        if (start == null) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int status = ctx.statusCode();
        String method = ctx.method().name();
        String normalised = PathNormalizer.normalize(ctx.path());
        String label = Boolean.TRUE.equals(ctx.attribute("dz.unmatched")) ? "unmatched" : normalised;
        metrics.httpRequests.labelValues(method, label, Integer.toString(status)).inc();
        metrics.httpDuration.labelValues(method, label).observe(seconds);
        if (status >= 400) {
            metrics.httpErrors.labelValues(method, label, Integer.toString(status), status >= 500 ? "server" : "client").inc();
        }
        if (redis != null && !isExcluded(ctx.path())) {
            redis.emitRequest(method, normalised, status, seconds * 1000.0);
        }
    }

    /** Dazzle's exact-match exclusions. */
    static boolean isExcluded(String path) {
        return path.equals("/health") || path.equals("/metrics") || path.equals("/favicon.ico")
                || path.equals("/_dazzle") || path.equals("/__test__");
    }
}
