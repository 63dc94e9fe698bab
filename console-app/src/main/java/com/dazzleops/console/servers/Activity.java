package com.dazzleops.console.servers;

import com.dazzleops.console.core.checks.HealthChecks;
import com.dazzleops.console.core.monitor.ServerSnapshot;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One line saying what the console is doing with a server, for the sidebar and the status bar. */
public final class Activity {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Activity() {
    }

    public static String describe(ServerSnapshot s, ZoneId zone) {
        Duration next = s.nextPollIn();
        return switch (s.status()) {
            case UNKNOWN -> "connecting…";
            case UP -> "up · polling every " + HealthChecks.human(next);
            case DEGRADED -> "degraded: " + (s.statusReason().isBlank() ? "see checks" : s.statusReason());
            case DOWN -> {
                String since = s.lastSuccess()
                        .map(t -> "down since " + TIME.format(t.atZone(zone)))
                        .orElse("no answer");
                yield since + " · retry in " + HealthChecks.human(next)
                        + (s.consecutiveFailures() > 1 ? " (backoff)" : "");
            }
        };
    }
}
