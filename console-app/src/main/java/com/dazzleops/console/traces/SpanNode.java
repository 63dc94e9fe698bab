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
    private final SpanRow row;
    /** For a span: whether it has (or may have) children and is not a cycle leaf; fixed, read on every tree walk. */
    private final boolean spanExpandable;
    private final String label;
    private final long windowStartNs;
    private final long windowEndNs;
    private final SpanNode parent;
    private final boolean cycleRef;
    private final int depth;
    private final ObservableList<SpanNode> children = FXCollections.observableArrayList();
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private boolean loading;
    /** For a "more" row: what expanding it does (the view's tooltip). */
    private String hint;

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
        this.spanExpandable = kind == Kind.SPAN && !cycleRef && row != null && row.hasChildren();
    }

    /** A top-level span: its own start and end are the waterfall's window. */
    static SpanNode top(SpanRow row) {
        return new SpanNode(Kind.SPAN, row, row.span().name(), row.span().startedNs(),
                Math.max(row.span().endedNs(), row.span().startedNs() + 1), null, false, 0);
    }

    /** The last row of a paged first level: expanding it loads the next page after {@code cursor}. */
    static SpanNode more(long remaining, int page, SpanRow cursor) {
        SpanNode m = new SpanNode(Kind.MORE, cursor, String.format(java.util.Locale.ROOT, "… %,d more top-level spans", remaining),
                0, 0, null, false, 0);
        m.hint = String.format(java.util.Locale.ROOT, "expand to load %,d more", Math.min(page, remaining));
        return m;
    }

    /**
     * The last row of a wide node's loaded children: expanding it loads the node's next page of children after
     * {@code cursor} (the last child shown). {@code remaining} below zero: not known.
     */
    SpanNode moreChildren(long remaining, int page, SpanRow cursor) {
        SpanNode m = new SpanNode(Kind.MORE, cursor, remaining < 0 ? "… more children"
                : String.format(java.util.Locale.ROOT, "… %,d more children", remaining), windowStartNs, windowEndNs, this, false, depth + 1);
        m.hint = remaining < 0 ? String.format(java.util.Locale.ROOT, "expand to load up to %,d more", page)
                : String.format(java.util.Locale.ROOT, "expand to load %,d more", Math.min(page, remaining));
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

    /** For a "more" row: the last span already shown above it. */
    SpanRow cursor() {
        return row;
    }

    /** The node this one is a child of (null at the top level and in groups); for a "more" row, whose page it loads. */
    SpanNode parent() {
        return parent;
    }

    public String spanId() {
        return row() == null ? null : row.spanId();
    }

    public String label() {
        return label;
    }

    /** For a "more" row, what expanding it does ("expand to load 500 more"); null for other rows. */
    public String hint() {
        return hint;
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
        return switch (kind) {
            case SPAN -> spanExpandable;
            case MORE -> true;
            default -> !children.isEmpty();
        };
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
        fill(rows, null);
    }

    /**
     * The first children of this node; {@code more} (from {@link #moreChildren}) ends the list when the node has more
     * children than were read.
     */
    void fill(List<SpanRow> rows, SpanNode more) {
        if (loaded.get()) {
            return;
        }
        List<SpanNode> nodes = new java.util.ArrayList<>(rows.size() + 1);
        for (SpanRow r : rows) {
            nodes.add(child(r));
        }
        if (more != null) {
            nodes.add(more);
        }
        children.setAll(nodes);
        loading = false;
        loaded.set(true);
    }

    /** Replaces this node's "more" row with the next page of children (and a new "more" row when some remain). */
    void appendPage(SpanNode oldMore, List<SpanRow> rows, SpanNode newMore) {
        int at = children.indexOf(oldMore);
        if (at < 0) {
            return;
        }
        List<SpanNode> nodes = new java.util.ArrayList<>(rows.size() + 1);
        for (SpanRow r : rows) {
            nodes.add(child(r));
        }
        if (newMore != null) {
            nodes.add(newMore);
        }
        // one change for the tree: the "more" row replaced by the page
        children.subList(at, at + 1).clear();
        children.addAll(at, nodes);
    }

    /**
     * Makes the node's first children present, {@code rows} being its first {@code rows.size()} children in start
     * order (a prefix read by a reveal, or all of them): fills an unloaded node, or appends those not loaded yet in
     * place of its "more" row, the children already loaded (and their state) kept. A "more" row ends the list when
     * the node has more children than {@code rows}.
     */
    void ensureFirst(List<SpanRow> rows, int page) {
        long total = row != null && row.statsKnown() ? Math.max(row.childCount(), rows.size()) : rows.size();
        SpanNode newMore = rows.isEmpty() || rows.size() >= total ? null
                : moreChildren(total - rows.size(), page, rows.get(rows.size() - 1));
        if (!loaded.get()) {
            fill(rows, newMore);
            return;
        }
        if (!hasMore()) {
            return;
        }
        int have = children.size() - 1;
        if (rows.size() <= have) {
            return;
        }
        appendPage(children.get(have), rows.subList(have, rows.size()), newMore);
    }

    /** Whether the last loaded child is a "more" row (the node has children not read yet). */
    public boolean hasMore() {
        return !children.isEmpty() && children.get(children.size() - 1).kind == Kind.MORE;
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
