package com.dazzleops.model.ops.approvals;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;

/**
 * One element of {@code approvals} in {@code GET /_dazzle/approvals/pending} (wire-ops §7). All keys always present,
 * in this order ({@code title} and {@code error} are written as {@code null}; the observability guide's example
 * without them is an older shape the console still reads).
 *
 * @param name approval block name
 * @param title nullable
 * @param entity entity name
 * @param triggerField default {@code "status"}
 * @param triggerValue the value that makes a row pending
 * @param count full pending count (not capped by {@code limit})
 * @param sampleIds at most {@code limit} ids, in list order
 * @param error null, or why this block could not be counted (then {@code count} 0, {@code sample_ids} [])
 */
public record ApprovalSummary(String name, String title, String entity, String triggerField, String triggerValue,
                              long count, List<String> sampleIds, String error) {

    public ApprovalSummary {
        sampleIds = OpsCollections.list(sampleIds);
    }

    /** A block whose entity has no CRUD service, with Dazzle's exact message. */
    public static ApprovalSummary noService(String name, String title, String entity, String triggerField,
                                            String triggerValue) {
        return new ApprovalSummary(name, title, entity, triggerField, triggerValue, 0, List.of(),
                "No CRUD service registered for entity '" + entity + "'");
    }

    public boolean hasError() {
        return error != null;
    }
}
