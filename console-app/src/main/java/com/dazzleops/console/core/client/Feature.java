package com.dazzleops.console.core.client;

/** Whether a server offers an optional feature. */
public enum Feature {
    /** The route answered (possibly needing credentials). */
    PRESENT,
    /** 404: the server does not declare it (or is too old). */
    ABSENT,
    /** Not known yet, or the probe failed for another reason (500, timeout). */
    UNKNOWN
}
