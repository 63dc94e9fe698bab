package com.dazzleops.console.core.samples;

import java.time.Instant;

/**
 * One point of a server's outbox series (bucket means when downsampled).
 *
 * @param time sample time or bucket start
 * @param pending rows pending
 * @param publishing rows publishing
 * @param published rows published
 * @param failed rows failed
 * @param oldestPendingAgeSeconds age of the oldest pending row, or -1 when none was pending
 * @param samples how many raw samples the point stands for
 */
public record OutboxSample(Instant time, double pending, double publishing, double published, double failed,
                           double oldestPendingAgeSeconds, int samples) {
}
