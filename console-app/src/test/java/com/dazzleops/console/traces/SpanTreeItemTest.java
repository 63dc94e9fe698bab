package com.dazzleops.console.traces;

import com.dazzleops.model.perf.PerfSpan;
import com.dazzleops.perf.read.SpanRow;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tree items follow changes of their node list in place: items of nodes still there keep their state. */
class SpanTreeItemTest {

    private static SpanNode node(String id, int children) {
        return SpanNode.top(new SpanRow(new PerfSpan(id, "t", null, "r", "GET /" + id, "server", "ok", 10, 20, 10, null), children, 0));
    }

    @Test
    void addedRemovedAndReplacedNodesChangeOnlyTheirItems() {
        ObservableList<SpanNode> nodes = FXCollections.observableArrayList(node("a", 2), node("b", 0), node("c", 1));
        TreeItem<SpanNode> root = new TreeItem<>();
        List<SpanNode> loaded = new ArrayList<>();
        root.getChildren().setAll(nodes.stream().map(n -> (TreeItem<SpanNode>) new SpanTreeItem(n, loaded::add)).toList());
        nodes.addListener((ListChangeListener<SpanNode>) c -> SpanTreeItem.apply(c, root.getChildren(), nodes,
                n -> new SpanTreeItem(n, loaded::add)));
        TreeItem<SpanNode> a = root.getChildren().get(0);
        a.setExpanded(true);
        assertThat(loaded).containsExactly(nodes.get(0));
        assertThat(root.getChildren().get(1).isLeaf()).isTrue();

        nodes.add(node("group", 0));                 // a group appended later (orphans)
        nodes.subList(1, 2).clear();                  // a row removed
        nodes.addAll(1, List.of(node("b1", 0), node("b2", 3)));
        nodes.set(3, node("g2", 0));                  // replaced
        assertThat(root.getChildren()).extracting(TreeItem::getValue).containsExactlyElementsOf(nodes);
        assertThat(root.getChildren().get(0)).isSameAs(a);
        assertThat(a.isExpanded()).isTrue();

        TreeItem<SpanNode> c = root.getChildren().get(2);
        assertThat(c.getValue().spanId()).isEqualTo("b2");
        nodes.sort(Comparator.comparing(SpanNode::label).reversed()); // a permutation: items reordered, kept
        assertThat(root.getChildren()).extracting(TreeItem::getValue).containsExactlyElementsOf(nodes);
        assertThat(root.getChildren()).contains(a, c);
        assertThat(a.isExpanded()).isTrue();
    }
}
