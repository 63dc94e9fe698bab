package com.dazzleops.model.ops.debug;

import com.dazzleops.model.json.WireTime;

import java.time.LocalDateTime;

/**
 * {@code GET /_dazzle/health} (wire-ops §2.1): a {@code SELECT 1} probe of the database.
 *
 * <p>Quirks: always HTTP 200, also when the database is down (then {@code status} is {@code "degraded"} and
 * {@code database} exactly {@code "error: database unreachable"}); the timestamp is the server's <em>local</em>
 * time as a naive ISO value without offset. Not to be confused with the prefix-less {@code /health}
 * ({@link com.dazzleops.model.ops.system.AppHealth}), whose vocabulary is {@code "healthy"}.
 *
 * @param status {@code "ok"} or {@code "degraded"}
 * @param database {@code "ok"} or {@code "error: database unreachable"}
 * @param timestamp naive local time ({@link WireTime.Style#NAIVE}); other servers may send an offset
 */
public record DazzleHealth(String status, String database, WireTime timestamp) {

    public static final String OK = "ok";
    public static final String DEGRADED = "degraded";
    public static final String DATABASE_UNREACHABLE = "error: database unreachable";

    /** The body when {@code SELECT 1} succeeded, stamped with the server's local wall-clock time. */
    public static DazzleHealth ok(LocalDateTime localNow) {
        return new DazzleHealth(OK, OK, WireTime.naive(localNow));
    }

    /** The body (still HTTP 200) when the database could not be reached. */
    public static DazzleHealth degraded(LocalDateTime localNow) {
        return new DazzleHealth(DEGRADED, DATABASE_UNREACHABLE, WireTime.naive(localNow));
    }

    /** True when the server reports itself healthy; anything but {@code "ok"} is not. */
    public boolean isOk() {
        return OK.equals(status);
    }
}
