package com.dazzleops.model.ops.system;

import com.dazzleops.model.json.PyFloat;

/**
 * {@code GET /health} (wire-ops §3.1), the prefix-less liveness answer: no database check, always HTTP 200.
 *
 * <p>Quirks: the vocabulary differs from {@code /_dazzle/health}: {@code status} is always {@code "healthy"};
 * {@code uptime_seconds} is rounded to one decimal; {@code dsl_hash} is the first 8 hex chars of a SHA-256 over the
 * AppSpec's serialization, an opaque revision id (the same value appears in {@code /_diagnostics}).
 *
 * @param status always {@code "healthy"}
 * @param app AppSpec name
 * @param version framework version ({@code "0.0.0"} or {@code "unknown"} in odd installs)
 * @param dslHash 8 lower-case hex chars
 * @param uptimeSeconds monotonic seconds since boot, 1 decimal
 */
public record AppHealth(String status, String app, String version, String dslHash, Double uptimeSeconds) {

    public static final String HEALTHY = "healthy";

    /** The body our server sends; {@code uptimeSeconds} is rounded to one decimal as Dazzle does. */
    public static AppHealth healthy(String app, String version, String dslHash, double uptimeSeconds) {
        return new AppHealth(HEALTHY, app, version, dslHash, PyFloat.round(uptimeSeconds, 1));
    }
}
