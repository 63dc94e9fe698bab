package com.dazzleops.server.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A job block: trigger (entity field change) and/or schedule (5-field cron, UTC), the handler reference, and the
 * retry policy ({@code retry} 0..20, {@code retry_backoff} none|linear|exponential, optional dead-letter entity,
 * {@code timeout_seconds}).
 */
public record JobSpec(String name, String title, Trigger trigger, Schedule schedule, String run,
                      Integer retry, @JsonProperty("retry_backoff") String retryBackoff,
                      @JsonProperty("dead_letter") String deadLetter,
                      @JsonProperty("timeout_seconds") Integer timeoutSeconds) {

    public record Trigger(String entity, String event, String field, @JsonProperty("to_value") String toValue) {
    }

    public record Schedule(String cron, String timezone) {
    }

    public JobSpec {
        retry = retry == null ? 3 : retry;
        if (retry < 0 || retry > 20) {
            throw new IllegalArgumentException("job " + name + ": retry must be 0..20, got " + retry);
        }
        retryBackoff = retryBackoff == null ? "exponential" : retryBackoff;
        if (!retryBackoff.equals("none") && !retryBackoff.equals("linear") && !retryBackoff.equals("exponential")) {
            throw new IllegalArgumentException("job " + name + ": retry_backoff must be none|linear|exponential");
        }
        timeoutSeconds = timeoutSeconds == null ? 60 : timeoutSeconds;
        if (timeoutSeconds < 1 || timeoutSeconds > 86400) {
            throw new IllegalArgumentException("job " + name + ": timeout_seconds must be 1..86400");
        }
    }

    /** {@code max(1, retry + 1)}. */
    public int maxAttempts() {
        return Math.max(1, retry + 1);
    }

    /** Base delay after failed attempt n (1-based), before jitter: none 0, linear n s, exponential 2^(n-1) s; cap 300 s. */
    public double baseBackoffSeconds(int failedAttempt) {
        double d = switch (retryBackoff) {
            case "none" -> 0;
            case "linear" -> failedAttempt;
            default -> Math.pow(2, failedAttempt - 1);
        };
        return Math.min(d, 300.0);
    }

    public boolean hasDeadLetter() {
        return deadLetter != null && !deadLetter.isEmpty();
    }
}
