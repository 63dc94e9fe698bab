package com.dazzleops.console.core.client;

/** What {@code /_dazzle/events/status} says about the event system. */
public enum EventsState {
    /** {@code running: true}. */
    ACTIVE,
    /** The intended inactive body: {@code running: false, broker_type: "none"}. */
    INACTIVE,
    /** HTTP 500: the framework exists but is not started (or is a NullEventFramework). */
    BROKEN,
    /** 404: no event explorer. */
    ABSENT,
    /** Not probed, or no answer. */
    UNKNOWN
}
