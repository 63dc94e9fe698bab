package com.dazzleops.perf.read;

import java.util.List;

/**
 * Spans whose parent id names a span that is not in the run (remote traceparent, a run killed mid-request, a live
 * file), grouped by the missing parent: siblings stay together.
 */
public record OrphanGroup(String missingParentId, List<SpanRow> spans) {
    public OrphanGroup {
        spans = List.copyOf(spans);
    }
}
