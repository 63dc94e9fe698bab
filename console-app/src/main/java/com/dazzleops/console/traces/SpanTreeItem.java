package com.dazzleops.console.traces;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A tree item over a {@link SpanNode} that creates its child items only when the node's children have been
 * loaded, and asks for them when it is expanded: the tree never holds more than what the operator opened.
 * A change of the node's children (a page appended in place of its "more" row) changes only those items, so the
 * items already shown keep their expanded state.
 */
final class SpanTreeItem extends TreeItem<SpanNode> {

    private final Consumer<SpanNode> loader;
    /** The item's value, never replaced: {@link #isLeaf} reads it without the property (the tree asks very often). */
    private final SpanNode node;

    SpanTreeItem(SpanNode node, Consumer<SpanNode> loader) {
        super(node);
        this.loader = loader;
        this.node = node;
        if (!node.children().isEmpty()) {
            getChildren().setAll(items(node.children()));
        }
        node.children().addListener((ListChangeListener<SpanNode>) c -> apply(c, getChildren(), node.children(), this::item));
        expandedProperty().addListener((o, was, is) -> {
            if (is) {
                loader.accept(node);
            }
        });
    }

    private SpanTreeItem item(SpanNode n) {
        return new SpanTreeItem(n, loader);
    }

    private List<TreeItem<SpanNode>> items(List<? extends SpanNode> nodes) {
        List<TreeItem<SpanNode>> out = new ArrayList<>(nodes.size());
        for (SpanNode n : nodes) {
            out.add(item(n));
        }
        return out;
    }

    /**
     * Applies a change of a node list to the tree items mirroring it: removed ranges removed, added ranges created,
     * every other item kept as it is.
     */
    static void apply(ListChangeListener.Change<? extends SpanNode> c, ObservableList<TreeItem<SpanNode>> items,
                      List<? extends SpanNode> nodes, Function<SpanNode, ? extends TreeItem<SpanNode>> make) {
        while (c.next()) {
            if (c.wasPermutated() || c.wasUpdated()) {
                resync(items, nodes, make);
                return;
            }
            int from = c.getFrom();
            if (c.wasRemoved()) {
                items.remove(from, from + c.getRemovedSize());
            }
            if (c.wasAdded()) {
                List<TreeItem<SpanNode>> added = new ArrayList<>(c.getAddedSize());
                for (SpanNode n : c.getAddedSubList()) {
                    added.add(make.apply(n));
                }
                items.addAll(from, added);
            }
        }
        if (items.size() != nodes.size()) {
            resync(items, nodes, make);
        }
    }

    private static void resync(ObservableList<TreeItem<SpanNode>> items, List<? extends SpanNode> nodes,
                               Function<SpanNode, ? extends TreeItem<SpanNode>> make) {
        java.util.Map<SpanNode, TreeItem<SpanNode>> old = new java.util.IdentityHashMap<>();
        for (TreeItem<SpanNode> i : items) {
            old.put(i.getValue(), i);
        }
        List<TreeItem<SpanNode>> out = new ArrayList<>(nodes.size());
        for (SpanNode n : nodes) {
            TreeItem<SpanNode> kept = old.get(n);
            out.add(kept != null ? kept : make.apply(n));
        }
        items.setAll(out);
    }

    /** The child item holding a node, or null. */
    SpanTreeItem childFor(SpanNode node) {
        for (TreeItem<SpanNode> c : getChildren()) {
            if (c.getValue() == node) {
                return (SpanTreeItem) c;
            }
        }
        return null;
    }

    @Override
    public boolean isLeaf() {
        return !node.expandable();
    }
}
