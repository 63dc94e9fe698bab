package com.dazzleops.model.events;

import java.util.Optional;

/**
 * The {@code status} values of the transactional outbox (wire-events §10.2). The wire keeps the string
 * ({@link OutboxEntry#status()}); this enum interprets it.
 */
public enum OutboxStatus {
    /** Waiting for the relay, including rows that already failed 1-4 times. */
    PENDING("pending"),
    /** Declared but never written by Dazzle; always 0 in its stats. */
    PUBLISHING("publishing"),
    /** Published; kept forever in Dazzle. */
    PUBLISHED("published"),
    /** Terminal after 5 failed attempts. On PostgreSQL may include already-delivered duplicates (§10.5). */
    FAILED("failed");

    /** Publish attempts after which a row becomes {@link #FAILED}. */
    public static final int MAX_ATTEMPTS = 5;

    private final String wire;

    OutboxStatus(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    public static Optional<OutboxStatus> fromWire(String wire) {
        for (OutboxStatus s : values()) {
            if (s.wire.equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
