package com.dazzleops.model.ops.approvals;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;

/**
 * {@code GET /_dazzle/approvals/pending} (wire-ops §7): pending rows per declared {@code approval} block. Mounted
 * only when the AppSpec declares one (404 otherwise). {@code limit} 1..100, default 20, caps {@code sample_ids} per
 * block only.
 *
 * <p>Quirks: always HTTP 200, per-block failures are in-band in {@link ApprovalSummary#error()};
 * {@code total_pending} sums the blocks without error, so two blocks on the same entity/trigger double count.
 *
 * @param approvals one per block, in declaration order
 * @param totalPending sum of {@code count} over blocks without error
 * @param limit echo
 */
public record PendingApprovals(List<ApprovalSummary> approvals, long totalPending, int limit) {

    public PendingApprovals {
        approvals = OpsCollections.list(approvals);
    }

    /** The body with {@code total_pending} computed as Dazzle does (blocks with an error do not count). */
    public static PendingApprovals of(List<ApprovalSummary> approvals, int limit) {
        long total = approvals.stream().filter(a -> a.error() == null).mapToLong(ApprovalSummary::count).sum();
        return new PendingApprovals(approvals, total, limit);
    }
}
