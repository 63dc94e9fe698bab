package com.dazzleops.console.dashboard;

import java.time.Duration;

/** The windows the consumer-lag charts offer. {@link #step()} spaces the points so a chart holds at most ~720. */
public enum LagWindow {
    FIVE_MINUTES("5 min", Duration.ofMinutes(5)),
    ONE_HOUR("1 h", Duration.ofHours(1)),
    ONE_DAY("24 h", Duration.ofHours(24));

    private final String label;
    private final Duration length;

    LagWindow(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public Duration length() {
        return length;
    }

    /** Minimum spacing between two live points kept in a chart of this window. */
    public Duration step() {
        return length.dividedBy(720);
    }

    @Override
    public String toString() {
        return label;
    }
}
