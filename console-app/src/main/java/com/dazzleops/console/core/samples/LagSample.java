package com.dazzleops.console.core.samples;

import java.time.Instant;

/**
 * One point of a consumer group's lag series.
 *
 * @param time the sample time (raw) or bucket start (downsampled)
 * @param lag the lag (raw) or the bucket's mean lag
 * @param max the bucket's largest lag (= lag for raw samples)
 * @param samples how many raw samples the point stands for
 */
public record LagSample(Instant time, double lag, long max, int samples) {
}
