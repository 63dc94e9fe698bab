package com.dazzleops.console.fx;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Small building blocks the table pages share (DLQ, Jobs). */
public final class Controls {

    private Controls() {
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
}
