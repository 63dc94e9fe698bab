package com.dazzleops.perf.read;

import com.dazzleops.model.perf.PerfSpan;

/**
 * A span as a tree row: the span without its attributes, plus what the tree needs without another query.
 *
 * @param childCount  direct children in the run
 * @param childrenNs  summed duration of the direct children (self time = duration - this, clamped at 0)
 */
public record SpanRow(PerfSpan span, int childCount, long childrenNs) {

    public String spanId() {
        return span.spanId();
    }

    public boolean hasChildren() {
        return childCount > 0;
    }

    /** Duration not covered by direct children; children running in parallel can exceed the parent, hence the clamp. */
    public long selfNs() {
        return Math.max(0, span.durationNs() - childrenNs);
    }
}
