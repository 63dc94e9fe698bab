package com.dazzleops.console.core.checks;

import java.time.Duration;

/**
 * The limits the six checks use. {@link #DEFAULTS} are documented in console-app/CORE-API.md.
 *
 * @param outboxPendingWarn pending outbox rows at or above which "outbox clean" is a warning
 * @param outboxOldestPendingWarn oldest pending row older than this: warning (the relay is slow)
 * @param outboxOldestPendingBad oldest pending row older than this: bad (the relay is not running)
 * @param lagWarn consumer lag (events) at or above which "consumer current" is a warning
 * @param lagBad consumer lag at or above which it is bad
 * @param lagTrendWindow the window over which a growing lag marks the consumer stuck (bad)
 * @param dlqBad DLQ entries at or above which "no DLQ events" is bad (1 .. dlqBad-1 is a warning)
 * @param settlementStuckAfter a settlement run still pending/running after this long is stuck (the settle_invoice
 *                             process timeout is 300 s)
 * @param settlementJobName the job / process name whose runs are settlements
 */
public record Thresholds(long outboxPendingWarn, Duration outboxOldestPendingWarn, Duration outboxOldestPendingBad,
                         long lagWarn, long lagBad, Duration lagTrendWindow, long dlqBad,
                         Duration settlementStuckAfter, String settlementJobName) {

    public static final Thresholds DEFAULTS = new Thresholds(100, Duration.ofSeconds(60), Duration.ofMinutes(5),
            100, 1000, Duration.ofMinutes(5), 10, Duration.ofMinutes(5), "settle_invoice");
}
