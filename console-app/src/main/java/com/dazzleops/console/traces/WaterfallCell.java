package com.dazzleops.console.traces;

import javafx.collections.ObservableSet;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TreeTableCell;
import javafx.scene.layout.Region;

/**
 * The waterfall column: the span drawn as a bar on its top-level span's timeline (left edge = start offset,
 * width = duration). A span that runs past its top-level span (a background task) is clipped and marked.
 */
final class WaterfallCell extends TreeTableCell<SpanNode, SpanNode> {

    private final Track track = new Track();
    private final ObservableSet<String> critical;

    WaterfallCell(ObservableSet<String> critical) {
        this.critical = critical;
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        getStyleClass().add("waterfall-cell");
    }

    @Override
    protected void updateItem(SpanNode node, boolean empty) {
        super.updateItem(node, empty);
        if (empty || node == null || node.row() == null) {
            setGraphic(null);
            return;
        }
        long window = Math.max(1, node.windowEndNs() - node.windowStartNs());
        long start = node.row().span().startedNs() - node.windowStartNs();
        long end = start + node.row().span().durationNs();
        track.set(Math.max(0, Math.min(1, (double) start / window)), Math.max(0, Math.min(1, (double) end / window)),
                node.isError(), critical.contains(node.spanId()), end > window || start < 0, node.depth() == 0);
        setGraphic(track);
    }

    /** A thin region with one bar inside, laid out by fraction of the cell width. */
    static final class Track extends Region {
        private final Region bar = new Region();
        private double from;
        private double to;

        Track() {
            getStyleClass().add("waterfall-track");
            bar.getStyleClass().add("waterfall-bar");
            bar.setManaged(false);
            getChildren().add(bar);
            setMinWidth(0);
            setPrefWidth(0);
            setPrefHeight(14);
        }

        void set(double from, double to, boolean error, boolean onCriticalPath, boolean clipped, boolean top) {
            this.from = from;
            this.to = to;
            java.util.List<String> classes = new java.util.ArrayList<>(5);
            classes.add("waterfall-bar");
            if (top) {
                classes.add("waterfall-bar-top");
            }
            if (error) {
                classes.add("waterfall-bar-error");
            }
            if (onCriticalPath) {
                classes.add("waterfall-bar-critical");
            }
            if (clipped) {
                classes.add("waterfall-bar-clipped");
            }
            // a cell reused for a row of the same look keeps its style (no CSS pass for the bar)
            if (!bar.getStyleClass().equals(classes)) {
                bar.getStyleClass().setAll(classes);
            }
            requestLayout();
        }

        double barX() {
            return bar.getLayoutX();
        }

        double barWidth() {
            return bar.getWidth();
        }

        @Override
        protected void layoutChildren() {
            double w = getWidth() - snappedLeftInset() - snappedRightInset();
            double h = getHeight();
            double barH = Math.min(10, Math.max(4, h - 8));
            double x = snappedLeftInset() + w * from;
            double bw = Math.max(2, w * (to - from));
            bar.resizeRelocate(Math.min(x, snappedLeftInset() + w - 2), (h - barH) / 2, bw, barH);
        }
    }
}
