package com.dazzleops.perf.read;

import com.dazzleops.model.perf.PerfSpan;

/**
 * A span as a tree row: the span without its attributes, plus what the tree needs without another query.
 *
 * @param childCount  direct children in the run; {@code -1} when not counted yet (a row of a very wide node, read
 *                    before its children's counts, see {@link TraceFile#childRows})
 * @param childrenNs  summed duration of the direct children (self time = duration - this, clamped at 0)
 */
public record SpanRow(PerfSpan span, int childCount, long childrenNs) {

    /** Child count and the children's summed duration of one span. */
    public record Stats(int childCount, long childrenNs) {
        public static final Stats NONE = new Stats(0, 0);
    }

    /** A row whose children are not counted yet. */
    public static SpanRow unknownStats(PerfSpan span) {
        return new SpanRow(span, -1, 0);
    }

    public String spanId() {
        return span.spanId();
    }

    /** Whether the child count and self time are known (see {@link #childCount}). */
    public boolean statsKnown() {
        return childCount >= 0;
    }

    /** True when the span has children, or may have them (not counted yet). */
    public boolean hasChildren() {
        return childCount != 0;
    }

    public SpanRow withStats(Stats stats) {
        return new SpanRow(span, stats.childCount(), stats.childrenNs());
    }

    /** Duration not covered by direct children; children running in parallel can exceed the parent, hence the clamp. */
    public long selfNs() {
        return Math.max(0, span.durationNs() - childrenNs);
    }
}
