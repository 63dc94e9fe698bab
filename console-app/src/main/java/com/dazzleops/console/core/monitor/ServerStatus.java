package com.dazzleops.console.core.monitor;

/** A server's state as the monitor sees it. */
public enum ServerStatus {
    /** Not polled yet. */
    UNKNOWN,
    /** Answering, database reachable, every polled endpoint gave a value or a "not declared". */
    UP,
    /** Answering, but the database is unreachable or some endpoint fails (see the reason). */
    DEGRADED,
    /** No HTTP answer. */
    DOWN
}
