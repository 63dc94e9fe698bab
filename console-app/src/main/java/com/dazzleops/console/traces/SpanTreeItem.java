package com.dazzleops.console.traces;

import javafx.collections.ListChangeListener;
import javafx.scene.control.TreeItem;

import java.util.function.Consumer;

/**
 * A tree item over a {@link SpanNode} that creates its child items only when the node's children have been
 * loaded, and asks for them when it is expanded: the tree never holds more than what the operator opened.
 */
final class SpanTreeItem extends TreeItem<SpanNode> {

    private final Consumer<SpanNode> loader;

    SpanTreeItem(SpanNode node, Consumer<SpanNode> loader) {
        super(node);
        this.loader = loader;
        if (!node.children().isEmpty()) {
            sync();
        }
        node.children().addListener((ListChangeListener<SpanNode>) c -> sync());
        expandedProperty().addListener((o, was, is) -> {
            if (is) {
                loader.accept(node);
            }
        });
    }

    private void sync() {
        getChildren().setAll(getValue().children().stream().map(n -> new SpanTreeItem(n, loader)).toList());
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
        return !getValue().expandable();
    }
}
