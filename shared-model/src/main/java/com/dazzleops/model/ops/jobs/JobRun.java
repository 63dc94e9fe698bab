package com.dazzleops.model.ops.jobs;

import com.dazzleops.model.json.EmbeddedJson;
import com.dazzleops.model.json.WireTime;

import java.util.Set;

/**
 * The framework-injected {@code JobRun} entity as its generated CRUD endpoints send it (wire-ops §6.1):
 * {@code GET /jobruns/{id}} and the items of {@code GET /jobruns} ({@link CrudPage}). All 10 keys, in field order.
 *
 * <p>Quirks: timestamps are Pydantic-encoded ({@code ...Z} for UTC, {@code +01:00} for other offsets); 0.71 servers
 * served this entity at {@code /api/jobruns} and their guide named a {@code queued} status that the enum does not
 * have (statuses are read as plain strings, so an unknown one is kept, not fatal); {@code payload} is JSON text.
 * Each attempt of a job is a separate row.
 *
 * @param id UUID string
 * @param jobName job name
 * @param status {@code pending}, {@code running}, {@code completed}, {@code failed} or {@code dead_letter}
 * @param attemptNumber 1-based, nullable
 * @param payload the handler arguments as JSON text, nullable
 * @param errorMessage nullable; ends with {@code " (retrying)"} on attempts that were retried
 * @param startedAt nullable
 * @param finishedAt nullable
 * @param durationMs nullable
 * @param createdAt required
 */
public record JobRun(String id, String jobName, String status, Integer attemptNumber, EmbeddedJson payload,
                     String errorMessage, WireTime startedAt, WireTime finishedAt, Long durationMs,
                     WireTime createdAt) {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String DEAD_LETTER = "dead_letter";
    /** What {@code /_dazzle/jobs} counts a row without status as; not a real status. */
    public static final String UNKNOWN = "unknown";
    /** The statuses of the JobRun enum (there is no {@code queued}). */
    public static final Set<String> STATUSES = Set.of(PENDING, RUNNING, COMPLETED, FAILED, DEAD_LETTER);
    /** The suffix of an attempt's error message when another attempt follows. */
    public static final String RETRYING_SUFFIX = " (retrying)";
    /** The CRUD path of current servers. */
    public static final String PATH = "/jobruns";
    /** The CRUD path of 0.71 servers (and of the observability guide). */
    public static final String LEGACY_PATH = "/api/jobruns";

    public boolean isTerminal() {
        return COMPLETED.equals(status) || DEAD_LETTER.equals(status)
                || (FAILED.equals(status) && !isRetried());
    }

    /** A {@code failed} attempt that was followed by another attempt. */
    public boolean isRetried() {
        return FAILED.equals(status) && errorMessage != null && errorMessage.endsWith(RETRYING_SUFFIX);
    }

    /** True when {@code status} is one of the enum's values. */
    public boolean hasKnownStatus() {
        return STATUSES.contains(status);
    }
}
