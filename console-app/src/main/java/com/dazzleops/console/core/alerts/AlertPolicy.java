package com.dazzleops.console.core.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * When an alert is raised and cleared.
 *
 * @param hold a check must stay BAD at least this long before an alert is raised (default 30 s)
 * @param clear a raised alert clears only after the check has been OK (or WARNING/UNKNOWN, i.e. not BAD) for this
 *              long: the hysteresis that stops flapping (default 60 s)
 */
public record AlertPolicy(Duration hold, Duration clear) {

    public static final AlertPolicy DEFAULTS = new AlertPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60));

    public AlertPolicy {
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(clear, "clear");
        if (hold.isNegative() || clear.isNegative()) {
            throw new IllegalArgumentException("hold and clear times cannot be negative");
        }
    }
}
