package com.dazzleops.console.core.client;

/**
 * The endpoints the console's engine polls. {@link #path()} is the default path; {@link #JOBRUNS_CRUD} moves with the
 * server version ({@code /jobruns} on current servers, {@code /api/jobruns} on 0.71): use
 * {@link Capabilities#jobRunsPath()}.
 */
public enum Endpoint {
    /** {@code /_dazzle/health}: status + database, always 200. */
    DAZZLE_HEALTH("/_dazzle/health", false),
    /** {@code /_dazzle/ready}: ready + database + reason, always 200. */
    READY("/_dazzle/ready", false),
    /** {@code /_dazzle/stats}: app name, uptime, entity counts. */
    STATS("/_dazzle/stats", false),
    /** {@code /health}: app, version, dsl_hash, uptime. */
    APP_HEALTH("/health", false),
    /** {@code /_dazzle/events/status}. */
    EVENTS_STATUS("/_dazzle/events/status", false),
    /** {@code /_dazzle/events/topics}. */
    TOPICS("/_dazzle/events/topics", false),
    /** {@code /_dazzle/events/consumers}: groups and lag (always empty on real Dazzle 0.112). */
    CONSUMERS("/_dazzle/events/consumers", false),
    /** {@code /_dazzle/events/outbox}. */
    OUTBOX("/_dazzle/events/outbox", false),
    /** {@code /_dazzle/events/dlq}. */
    DLQ("/_dazzle/events/dlq", false),
    /** {@code /_dazzle/jobs}: only when jobs are declared (0.71.122+). */
    JOBS("/_dazzle/jobs", false),
    /** {@code /_dazzle/jobs/runs}: newest runs. */
    JOB_RUNS("/_dazzle/jobs/runs", false),
    /** The JobRun CRUD list, {@code /jobruns} or {@code /api/jobruns}; session-gated on servers with auth. */
    JOBRUNS_CRUD("/jobruns", true),
    /** {@code /_dazzle/approvals/pending}: only when approvals are declared. */
    APPROVALS("/_dazzle/approvals/pending", false),
    /** {@code /spec}: the whole AppSpec (large; read once at discovery). */
    SPEC("/spec", false),
    /** {@code /_dazzle/audit/stats}: superuser-gated when the app has auth. */
    AUDIT_STATS("/_dazzle/audit/stats", true);

    private final String path;
    private final boolean admin;

    Endpoint(String path, boolean admin) {
        this.path = path;
        this.admin = admin;
    }

    /** The default path. */
    public String path() {
        return path;
    }

    /** True when the profile's credentials are sent with it. */
    public boolean admin() {
        return admin;
    }

    /** {@code GET <path>}, the "source" a tile shows. */
    public String label() {
        return "GET " + path;
    }
}
