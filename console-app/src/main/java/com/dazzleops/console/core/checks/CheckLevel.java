package com.dazzleops.console.core.checks;

/** How a check came out. Ordered from best to worst; {@link #UNKNOWN} sorts between OK and WARNING. */
public enum CheckLevel {
    /** Healthy. */
    OK,
    /** The server does not declare the feature, or the data to judge is unavailable: not a failure. */
    UNKNOWN,
    /** Needs a look soon. */
    WARNING,
    /** Broken now. */
    BAD;

    /** The worse of two levels. */
    public CheckLevel worst(CheckLevel other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
