package com.dazzleops.model.ops.audit;

import com.dazzleops.model.ops.OpsCollections;

import java.util.Map;

/**
 * {@code GET /_dazzle/audit/stats} (wire-ops §4.4): decision and operation counts over the last {@code window}
 * hours (1..720, default 24). Same auth and error behaviour as {@link AuditLogs}.
 *
 * @param windowHours echo of {@code window}
 * @param byDecision decision → count (usually {@code allow}, {@code deny}); {@code {}} when none
 * @param byOperation operation → count
 * @param total sum of {@code by_decision}
 */
public record AuditStats(int windowHours, Map<String, Long> byDecision, Map<String, Long> byOperation, long total) {

    public AuditStats {
        byDecision = OpsCollections.map(byDecision);
        byOperation = OpsCollections.map(byOperation);
    }

    /** The body with {@code total} = the sum of {@code byDecision}, as Dazzle computes it. */
    public static AuditStats of(int windowHours, Map<String, Long> byDecision, Map<String, Long> byOperation) {
        long total = byDecision.values().stream().mapToLong(Long::longValue).sum();
        return new AuditStats(windowHours, byDecision, byOperation, total);
    }
}
