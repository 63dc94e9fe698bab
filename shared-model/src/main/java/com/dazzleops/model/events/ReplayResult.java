package com.dazzleops.model.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * The answer of {@code POST /_dazzle/events/dlq/{event_id}/replay?group_id=} (wire-events §4.8): an untyped object,
 * HTTP 200 in every handled case. Read {@code success}, never the status, for the outcome.
 *
 * <p>Exactly one of {@code message} (success) and {@code error} (failure) is present; the other key is
 * <b>omitted</b>, not null. The strings are exact, with {@code <event_id>} the path value echoed verbatim:
 * <ul>
 *   <li>{@code {"success":true,"message":"Event <event_id> replayed successfully"}} ({@link #replayed})</li>
 *   <li>{@code {"success":false,"error":"Event <event_id> not found in DLQ"}} ({@link #notInDlq})</li>
 *   <li>{@code {"success":false,"error":"Replay failed"}} ({@link #failed}): the handler failed, this server does
 *       not run that group, a malformed id on PostgreSQL, a backend error. Details are only logged.</li>
 *   <li>{@code {"success":false,"error":"Event system not running"}} ({@link #notRunning}): inactive.</li>
 * </ul>
 * Missing {@code group_id} is a 422; a CSRF rejection a 403 {@code {"detail":"CSRF token missing or invalid"}}.
 *
 * @param success whether the handler ran and the entry was removed from the DLQ
 * @param message the success text, omitted on failure
 * @param error   the failure text, omitted on success
 */
public record ReplayResult(boolean success,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String message,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    public static final String REPLAY_FAILED = "Replay failed";
    public static final String NOT_RUNNING = "Event system not running";
    /** The 403 {@code detail} of a CSRF rejection of this route (wire-events §2.2). */
    public static final String CSRF_REJECTED = "CSRF token missing or invalid";

    /** How a replay ended, read from the exact strings. */
    public enum Outcome {
        REPLAYED, NOT_IN_DLQ, FAILED, NOT_RUNNING,
        /** {@code success:false} with a text this contract does not know. */
        OTHER_FAILURE
    }

    /** Success: {@code "Event <eventId> replayed successfully"}. */
    public static ReplayResult replayed(String eventId) {
        return new ReplayResult(true, "Event " + Objects.requireNonNull(eventId) + " replayed successfully", null);
    }

    /** No DLQ entry for (event_id, group_id). */
    public static ReplayResult notInDlq(String eventId) {
        return new ReplayResult(false, null, "Event " + Objects.requireNonNull(eventId) + " not found in DLQ");
    }

    /** Any exception during replay. */
    public static ReplayResult failed() {
        return new ReplayResult(false, null, REPLAY_FAILED);
    }

    /** The event system is disabled or not started. */
    public static ReplayResult notRunning() {
        return new ReplayResult(false, null, NOT_RUNNING);
    }

    /** The outcome named by the body's exact strings. */
    public Outcome outcome() {
        if (success) {
            return Outcome.REPLAYED;
        }
        if (error == null) {
            return Outcome.OTHER_FAILURE;
        }
        if (error.equals(REPLAY_FAILED)) {
            return Outcome.FAILED;
        }
        if (error.equals(NOT_RUNNING)) {
            return Outcome.NOT_RUNNING;
        }
        if (error.startsWith("Event ") && error.endsWith(" not found in DLQ")) {
            return Outcome.NOT_IN_DLQ;
        }
        return Outcome.OTHER_FAILURE;
    }

    /** The text for a person: {@code message} on success, {@code error} on failure. */
    public String text() {
        return success ? Objects.requireNonNullElse(message, "") : Objects.requireNonNullElse(error, "");
    }
}
