package com.dazzleops.console.core.samples;

import java.time.Duration;

/**
 * The three tiers of the sample store. Every sample is written to all three at once (raw row + running aggregate
 * in its 1-minute and 10-minute bucket), and {@link SampleStore#compact} trims each tier to its retention, so
 * downsampling never needs a batch job and a restart loses nothing.
 */
public enum Resolution {
    /** Every poll, kept 1 hour. */
    RAW(Duration.ZERO, Duration.ofHours(1)),
    /** 1-minute means/maxima, kept 24 hours. */
    MINUTE(Duration.ofMinutes(1), Duration.ofHours(24)),
    /** 10-minute means/maxima, kept 7 days. */
    TEN_MINUTES(Duration.ofMinutes(10), Duration.ofDays(7));

    private final Duration bucket;
    private final Duration retention;

    Resolution(Duration bucket, Duration retention) {
        this.bucket = bucket;
        this.retention = retention;
    }

    public Duration bucket() {
        return bucket;
    }

    public Duration retention() {
        return retention;
    }

    /** The finest tier that still covers a window reaching {@code age} into the past. */
    public static Resolution forAge(Duration age) {
        for (Resolution r : values()) {
            if (age.compareTo(r.retention) <= 0) {
                return r;
            }
        }
        return TEN_MINUTES;
    }
}
