package com.dazzleops.model.ops.debug;

/**
 * {@code GET /_dazzle/ready} (wire-ops §2.3): readiness as a {@code SELECT 1} probe.
 *
 * <p>Quirk: always HTTP 200, also when {@code ready} is {@code false}: only a body-inspecting check sees the
 * failure. {@code database} says {@code "error"} here (not {@code "error: database unreachable"} as on
 * {@code /_dazzle/health}).
 *
 * @param ready whether the database answered
 * @param database {@code "ok"} or {@code "error"}
 * @param reason {@code null} when ready, else exactly {@code "database unreachable"} (always written)
 */
public record Ready(boolean ready, String database, String reason) {

    public static final String DATABASE_UNREACHABLE = "database unreachable";

    public static Ready ok() {
        return new Ready(true, "ok", null);
    }

    public static Ready notReady() {
        return new Ready(false, "error", DATABASE_UNREACHABLE);
    }
}
