package com.dazzleops.console.fx;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Small building blocks the pages share (the tables of DLQ and Jobs, the dashboard's scroll pane). */
public final class Controls {

    private Controls() {
    }

    /**
     * A scroll pane whose viewport is not cached as a bitmap. JavaFX's scroll pane skin caches its viewport, so any
     * change inside (a tile's value, a chart's new point) re-renders the whole visible content into the cache
     * before it is shown; with the software renderer that was most of the renderer thread's work on a live
     * dashboard. Without the cache only the changed regions are painted again (scrolling repaints what it uncovers).
     */
    public static ScrollPane uncachedScrollPane() {
        ScrollPane sp = new ScrollPane();
        sp.skinProperty().addListener((o, old, skin) -> {
            for (Node n : sp.getChildrenUnmodifiable()) {
                if (n.getStyleClass().contains("viewport")) {
                    n.setCache(false);
                }
            }
        });
        return sp;
    }

    /**
     * An editable filter box bound both ways to {@code filter} ("" = no filter): its first choice is the empty one,
     * the others are {@code known} (what the server has shown so far); the operator may also type any value.
     */
    public static ComboBox<String> filterCombo(String id, String prompt, ObservableList<String> known,
                                               StringProperty filter) {
        ComboBox<String> c = new ComboBox<>();
        c.setId(id);
        c.setEditable(true);
        c.setPromptText(prompt);
        c.setPrefWidth(220);
        Runnable fill = () -> {
            List<String> all = new ArrayList<>();
            all.add("");
            all.addAll(known);
            String keep = c.getValue();
            c.getItems().setAll(all);
            c.setValue(keep);
        };
        known.addListener((ListChangeListener<String>) ch -> fill.run());
        fill.run();
        c.setValue(filter.get());
        c.valueProperty().addListener((o, a, b) -> filter.set(b == null ? "" : b.trim()));
        filter.addListener((o, a, b) -> {
            if (!Objects.equals(c.getValue(), b)) {
                c.setValue(b);
            }
        });
        return c;
    }

    /** A read-only, unsortable text column (the server's order is the order). */
    public static <T> TableColumn<T, String> column(String name, Function<T, String> text, double width) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue() == null ? "" : text.apply(cd.getValue())));
        c.setSortable(false);
        c.setPrefWidth(width);
        return c;
    }

    private static final java.time.format.DateTimeFormatter LOCAL =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * A server timestamp for a table cell: local time to the second. Text that is not a timestamp (a corrupt row)
     * is shown as sent; the details pane shows the exact text.
     */
    public static String tableTime(com.dazzleops.model.json.WireTime t) {
        if (t == null) {
            return "";
        }
        if (!t.isValid()) {
            return t.toString();
        }
        return LOCAL.format(t.toInstant().atZone(java.time.ZoneId.systemDefault()));
    }

    /** A small key / value chip (the dashboard header's style). */
    public static Node chip(String key, ObservableStringValue value, String id) {
        Label k = new Label(key);
        k.getStyleClass().add("chip-key");
        Label v = new Label();
        v.setId(id);
        v.getStyleClass().add("chip-value");
        v.textProperty().bind(value);
        v.setMaxWidth(320);
        VBox chip = new VBox(0, k, v);
        chip.getStyleClass().add("header-chip");
        return chip;
    }

    /**
     * The last column takes the table's spare width; the others keep at least their preferred width (the table
     * scrolls sideways rather than cutting a timestamp short).
     */
    public static void lastColumnFlexes(javafx.scene.control.TableView<?> table) {
        var cols = table.getColumns();
        for (int i = 0; i < cols.size() - 1; i++) {
            cols.get(i).setMinWidth(cols.get(i).getPrefWidth());
        }
        if (!cols.isEmpty()) {
            cols.get(cols.size() - 1).setMinWidth(200);
        }
        table.setColumnResizePolicy(javafx.scene.control.TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    /** Keeps a table's selection and a view model's selected item in step, both ways. */
    public static <T> void bindSelection(javafx.scene.control.TableView<T> table,
                                         javafx.beans.property.ObjectProperty<T> selected) {
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> selected.set(b));
        selected.addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedItem() != b) {
                if (b == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(b);
                }
            }
        });
    }

    /**
     * A two-column grid of the selected item's fields: {@code names[i]} beside {@code values.get(i)} of the
     * selection (empty when nothing is selected); the value labels get ids {@code idPrefix + name} (spaces and
     * dashes dropped).
     */
    public static <T> javafx.scene.layout.GridPane detailGrid(String idPrefix, List<String> names,
                                                              List<Function<T, String>> values,
                                                              javafx.beans.value.ObservableObjectValue<T> selected) {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(10);
        grid.setVgap(3);
        for (int i = 0; i < names.size(); i++) {
            Label k = new Label(names.get(i));
            k.getStyleClass().add("text-muted");
            Label v = new Label();
            v.setId(idPrefix + names.get(i).replace("-", "").replace(" ", ""));
            v.setWrapText(true);
            Function<T, String> f = values.get(i);
            v.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
                T item = selected.get();
                return item == null ? "" : f.apply(item);
            }, selected));
            grid.addRow(i, k, v);
        }
        return grid;
    }

    /** A panel error line, shown only while {@code text} is not null. */
    public static Label errorLabel(String id, ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("panel-error");
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(javafx.beans.binding.Bindings.isNotNull(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
