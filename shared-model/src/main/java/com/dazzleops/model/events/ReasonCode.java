package com.dazzleops.model.events;

import java.util.Optional;

/**
 * The nack reason codes that can reach a DLQ as {@code reason_code} (wire-events §6.3). Only
 * {@link #HANDLER_ERROR} is produced by the runtime; the others exist as factories. The wire keeps the string
 * ({@link DLQEntry#reasonCode()}); servers fall back to {@link #UNKNOWN_WIRE} when a bus omits it.
 */
public enum ReasonCode {
    /** A handler raised. Retryable by default; non-retryable for {@code ValueError}/{@code TypeError}. */
    HANDLER_ERROR(true),
    TRANSIENT_ERROR(true),
    PERMANENT_ERROR(false),
    SCHEMA_ERROR(false);

    /** What {@code /dlq} shows when the bus did not report a code. */
    public static final String UNKNOWN_WIRE = "unknown";

    private final boolean retryableByDefault;

    ReasonCode(boolean retryableByDefault) {
        this.retryableByDefault = retryableByDefault;
    }

    /** The exact wire string (the constant's name). */
    public String wireName() {
        return name();
    }

    public boolean retryableByDefault() {
        return retryableByDefault;
    }

    public static Optional<ReasonCode> fromWire(String wire) {
        for (ReasonCode c : values()) {
            if (c.name().equals(wire)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
