package com.dazzleops.console.traces;

import com.dazzleops.perf.read.SpanRow;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * One row of the span tree, toolkit-free: a span, or a group ("orphaned", "parent-id cycle"). Children are loaded on
 * demand by {@link TraceViewModel#loadChildren}; the view turns nodes into tree items only when they are shown.
 *
 * <p>Each node knows its top-level ancestor's time window (the waterfall's scale) and its parent node, so a span
 * that is its own ancestor (a cycle) becomes a leaf marked {@link #cycleRef()} instead of an endless branch.
 */
public final class SpanNode {

    public enum Kind { SPAN, ORPHAN_GROUP, CYCLE_GROUP, MORE }

    private final Kind kind;
    /** Replaced once when the counts of a wide node's children arrive ({@link #applyChildStats}). */
    private SpanRow row;
    private final String label;
    private final long windowStartNs;
    private final long windowEndNs;
    private final SpanNode parent;
    private final boolean cycleRef;
    private final int depth;
    private final ObservableList<SpanNode> children = FXCollections.observableArrayList();
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private boolean loading;
    private boolean childStatsLoaded;

    private SpanNode(Kind kind, SpanRow row, String label, long windowStartNs, long windowEndNs, SpanNode parent,
                     boolean cycleRef, int depth) {
        this.kind = kind;
        this.row = row;
        this.label = label;
        this.windowStartNs = windowStartNs;
        this.windowEndNs = windowEndNs;
        this.parent = parent;
        this.cycleRef = cycleRef;
        this.depth = depth;
    }

    /** A top-level span: its own start and end are the waterfall's window. */
    static SpanNode top(SpanRow row) {
        return new SpanNode(Kind.SPAN, row, row.span().name(), row.span().startedNs(),
                Math.max(row.span().endedNs(), row.span().startedNs() + 1), null, false, 0);
    }

    /** The last row of a paged first level: expanding it loads the next page after {@code cursor}. */
    static SpanNode more(long remaining, int page, SpanRow cursor) {
        SpanNode m = new SpanNode(Kind.MORE, cursor, String.format(java.util.Locale.ROOT,
                "… %,d more top-level spans (expand to load %,d more)", remaining, Math.min(page, remaining)), 0, 0, null, false, 0);
        m.loaded.set(false);
        return m;
    }

    static SpanNode group(Kind kind, String label, List<SpanNode> members) {
        SpanNode g = new SpanNode(kind, null, label, 0, 0, null, false, 0);
        g.children.setAll(members);
        g.loaded.set(true);
        return g;
    }

    /** A child in its parent's window; a span already among its ancestors becomes a cycle leaf. */
    SpanNode child(SpanRow childRow) {
        if (kind != Kind.SPAN) {
            return top(childRow);
        }
        boolean cycle = false;
        for (SpanNode a = this; a != null; a = a.parent) {
            if (childRow.spanId().equals(a.spanId())) {
                cycle = true;
                break;
            }
        }
        return new SpanNode(Kind.SPAN, childRow, childRow.span().name(), windowStartNs, windowEndNs, this, cycle, depth + 1);
    }

    public Kind kind() {
        return kind;
    }

    /** The span, or null for a group and a "more" row. */
    public SpanRow row() {
        return kind == Kind.MORE ? null : row;
    }

    /** For a "more" row: the last top-level span already shown. */
    SpanRow cursor() {
        return row;
    }

    public String spanId() {
        return row() == null ? null : row.spanId();
    }

    public String label() {
        return label;
    }

    public long windowStartNs() {
        return windowStartNs;
    }

    public long windowEndNs() {
        return windowEndNs;
    }

    public boolean cycleRef() {
        return cycleRef;
    }

    public int depth() {
        return depth;
    }

    public boolean isError() {
        return row() != null && row.span().isError();
    }

    /** Whether the tree should offer to expand this node. */
    public boolean expandable() {
        if (kind == Kind.MORE) {
            return true;
        }
        if (kind != Kind.SPAN) {
            return !children.isEmpty();
        }
        return !cycleRef && row.hasChildren();
    }

    public ObservableList<SpanNode> children() {
        return children;
    }

    public BooleanProperty loadedProperty() {
        return loaded;
    }

    public boolean isLoaded() {
        return loaded.get();
    }

    boolean beginLoading() {
        if (loading || loaded.get()) {
            return false;
        }
        loading = true;
        return true;
    }

    void fill(List<SpanRow> rows) {
        if (loaded.get()) {
            return;
        }
        children.setAll(rows.stream().map(this::child).toList());
        childStatsLoaded = rows.stream().allMatch(SpanRow::statsKnown);
        loading = false;
        loaded.set(true);
    }

    /**
     * Puts the child counts and children's durations of this node's children in place (rows read without them by
     * {@link com.dazzleops.perf.read.TraceFile#childRows}); a child absent from the map has no children.
     */
    void applyChildStats(java.util.Map<String, SpanRow.Stats> stats) {
        for (SpanNode c : children) {
            if (c.kind == Kind.SPAN && c.row != null && !c.row.statsKnown()) {
                c.row = c.row.withStats(stats.getOrDefault(c.row.spanId(), SpanRow.Stats.NONE));
            }
        }
        childStatsLoaded = true;
    }

    /** Whether every loaded child knows its child count and self time. */
    public boolean childStatsLoaded() {
        return childStatsLoaded;
    }

    void stats(SpanRow.Stats stats) {
        if (row != null && !row.statsKnown()) {
            row = row.withStats(stats);
        }
    }

    void failed() {
        loading = false;
    }

    /** The child node for a span id, if loaded. */
    SpanNode find(String spanId) {
        for (SpanNode c : children) {
            if (spanId.equals(c.spanId())) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
