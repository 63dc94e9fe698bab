package com.dazzleops.console.core.alerts;

import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;

import java.time.Instant;

/**
 * An alert was raised or cleared.
 *
 * @param kind RAISED or CLEARED
 * @param time when (by the engine's clock)
 * @param serverId the server's id
 * @param serverName its display name
 * @param check which check
 * @param level the check's level at that moment
 * @param value the check's value text at that moment (e.g. "3 entries")
 * @param detail the check's detail text
 * @param since for RAISED: when the check first turned BAD; for CLEARED: when it stopped being BAD
 */
public record AlertEvent(Kind kind, Instant time, String serverId, String serverName, CheckId check,
                         CheckLevel level, String value, String detail, Instant since) {

    public enum Kind { RAISED, CLEARED }

    /** One line for a notification: "invoice-prod: No DLQ events BAD (12 entries)". */
    public String headline() {
        return serverName + ": " + check.title() + (kind == Kind.RAISED ? " " + level : " recovered")
                + (value == null || value.isBlank() ? "" : " (" + value + ")");
    }
}
