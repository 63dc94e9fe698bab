package com.dazzleops.server.approvals;

import com.dazzleops.model.ops.approvals.ApprovalSummary;
import com.dazzleops.model.ops.approvals.PendingApprovals;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.Params;
import com.dazzleops.server.http.RouteTable;
import com.dazzleops.server.spec.ApprovalSpec;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/** {@code /_dazzle/approvals/pending}: one summary per block; a failing block reports {@code error}, never a 500. */
public final class ApprovalRoutes {

    private final ApprovalService approvals;

    public ApprovalRoutes(ApprovalService approvals) {
        this.approvals = approvals;
    }

    public void register(RouteTable r) {
        r.get("/_dazzle/approvals/pending", this::pending);
    }

    private void pending(Context ctx) {
        Params p = Params.of(ctx);
        int limit = p.intParam("limit", 20, 1, 100);
        p.validate();
        List<ApprovalSummary> out = new ArrayList<>();
        for (ApprovalSpec a : approvals.declared()) {
            try {
                ApprovalService.Pending pending = approvals.pending(a, limit);
                out.add(new ApprovalSummary(a.name(), a.title(), a.entity(), a.triggerField(), a.triggerValue(),
                        pending.count(), pending.sampleIds(), null));
            } catch (Exception e) {
                out.add(new ApprovalSummary(a.name(), a.title(), a.entity(), a.triggerField(), a.triggerValue(), 0, List.of(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        Http.json(ctx, PendingApprovals.of(out, limit));
    }
}
