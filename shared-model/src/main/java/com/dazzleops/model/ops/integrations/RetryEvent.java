package com.dazzleops.model.ops.integrations;

import com.dazzleops.model.json.WireTime;

/**
 * One element of {@code events} in {@code GET /_dazzle/integrations/{name}/retries} (wire-ops §8): one attempt of
 * one outbound mapping call (first-try successes included). All keys always present, in this order.
 *
 * @param integration integration name
 * @param mapping mapping name, nullable
 * @param attempt 1-based
 * @param maxAttempts 3 when the mapping retries, else 1
 * @param statusCode HTTP status of the attempt; null when it raised
 * @param error exception text for transport failures; null when a response came back
 * @param payloadSummary {@code "id=<value>"} (or {@code uuid=}/{@code pk=}), nullable
 * @param lastAttemptAt UTC {@code isoformat()} ({@code +00:00})
 * @param nextRetryAt always null in Dazzle (written as null)
 * @param backoffSeconds delay before the next attempt (0.5, then 1.0), null on a terminal attempt
 * @param succeeded {@code status_code} 2xx and no error
 */
public record RetryEvent(String integration, String mapping, int attempt, int maxAttempts, Integer statusCode,
                         String error, String payloadSummary, WireTime lastAttemptAt, WireTime nextRetryAt,
                         Double backoffSeconds, boolean succeeded) {

    /** {@code succeeded} as Dazzle derives it: a 2xx status and no error. */
    public static boolean succeeded(Integer statusCode, String error) {
        return statusCode != null && statusCode >= 200 && statusCode < 300 && error == null;
    }

    public boolean isTerminal() {
        return backoffSeconds == null;
    }
}
