package com.dazzleops.model.ops.system;

/**
 * {@code GET /_diagnostics} (wire-ops §3.4). Registered only when app auth is enabled (404 otherwise); needs a
 * session (401 {@code Not authenticated} / {@code Session expired}) whose global roles contain exactly
 * {@code super_admin}, {@code trust_admin} or {@code admin} (403 {@code Admin role required} otherwise).
 *
 * @param entities number of runtime entities
 * @param surfaces number of surfaces
 * @param workspaces number of workspaces
 * @param features feature switches
 * @param database {@code connected} is hard-coded true; {@code pending_migrations} effectively always 0
 * @param dslHash as in {@code /health}
 * @param version framework version, as in {@code /health}
 */
public record Diagnostics(int entities, int surfaces, int workspaces, Features features, DatabaseState database,
                          String dslHash, String version) {

    /** The roles that may read {@code /_diagnostics}, compared literally. */
    public static final java.util.Set<String> ADMIN_ROLES = java.util.Set.of("super_admin", "trust_admin", "admin");

    /**
     * @param auth app auth enabled
     * @param files file storage enabled
     * @param feedbackWidget feedback widget enabled
     */
    public record Features(boolean auth, boolean files, boolean feedbackWidget) {
    }

    /**
     * @param connected hard-coded {@code true} by Dazzle
     * @param pendingMigrations effectively always {@code 0}
     */
    public record DatabaseState(boolean connected, int pendingMigrations) {
    }
}
