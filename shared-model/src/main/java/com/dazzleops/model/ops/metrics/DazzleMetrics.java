package com.dazzleops.model.ops.metrics;

/**
 * {@code GET /_dazzle/metrics} (wire-ops §9): Prometheus text, not JSON. Always HTTP 200 with exactly
 * {@link #CONTENT_TYPE}; the body always ends with a newline; HEAD is 405.
 *
 * <p>Quirk: real Dazzle never wires its collector, so it always serves {@link #NOT_CONFIGURED_BODY} (note the
 * U+2014 em dash: the body is non-ASCII UTF-8). A server with a collector sends the sections described in §9.2.
 */
public final class DazzleMetrics {

    /** The exact {@code Content-Type} header value. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The whole body of an unwired collector (and of a collector whose rendering threw). */
    public static final String NOT_CONFIGURED_BODY = "# Dazzle metrics \u2014 collector not configured\n";

    /** Component order of the {@code dazzle_component_health} section. */
    public static final java.util.List<String> COMPONENTS =
            java.util.List.of("event_bus", "database", "tigerbeetle", "http_api", "websocket", "cache", "external_api");

    private DazzleMetrics() {
    }

    /** True for the "collector not configured" document, whatever the line ending. */
    public static boolean isNotConfigured(String body) {
        return body != null && body.strip().equals(NOT_CONFIGURED_BODY.strip());
    }
}
