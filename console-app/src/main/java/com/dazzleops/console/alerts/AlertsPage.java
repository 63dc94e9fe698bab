package com.dazzleops.console.alerts;

import com.dazzleops.console.core.alerts.Alert;
import com.dazzleops.console.core.alerts.AlertEvent;
import com.dazzleops.console.servers.ServerItem;
import com.dazzleops.console.shell.Page;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The alert list: raised alerts now, the history of raises and clears, and a mute switch per server. */
public final class AlertsPage implements Page {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AlertsViewModel vm;
    private final javafx.collections.ObservableList<ServerItem> servers;

    public AlertsPage(AlertsViewModel vm, javafx.collections.ObservableList<ServerItem> servers) {
        this.vm = vm;
        this.servers = servers;
    }

    @Override
    public String id() {
        return "alerts";
    }

    @Override
    public String title() {
        return "Alerts";
    }

    @Override
    public String iconLiteral() {
        return "mdi2b-bell-alert-outline";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Node view() {
        Label title = new Label("Alerts");
        title.getStyleClass().add("page-title");
        Label count = new Label();
        count.setId("alertsActiveCount");
        count.getStyleClass().add("page-subtitle");
        count.textProperty().bind(vm.activeCountProperty().asString("%d raised now (a check bad for longer than the hold time)"));

        TableView<Alert> active = new TableView<>(vm.active());
        active.setId("activeAlerts");
        active.getColumns().add(col("Server", a -> a.serverName() + (a.muted() ? " (muted)" : "")));
        active.getColumns().add(col("Check", a -> a.check().title()));
        active.getColumns().add(col("Value", Alert::value));
        active.getColumns().add(col("Bad since", a -> time(a.badSince())));
        active.getColumns().add(col("Raised", a -> time(a.raisedAt())));
        active.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        active.setPlaceholder(new Label("Nothing raised. Every check is fine or has not been bad for long."));
        active.setPrefHeight(180);

        TableView<AlertEvent> history = new TableView<>(vm.events());
        history.setId("alertHistory");
        history.getColumns().add(col("Time", e -> time(e.time())));
        history.getColumns().add(col("Event", e -> e.kind() == AlertEvent.Kind.RAISED ? "raised" : "cleared"));
        history.getColumns().add(col("Server", AlertEvent::serverName));
        history.getColumns().add(col("Check", e -> e.check().title()));
        history.getColumns().add(col("Level", e -> String.valueOf(e.level())));
        history.getColumns().add(col("Value", AlertEvent::value));
        history.getColumns().add(col("Detail", AlertEvent::detail));
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.setPlaceholder(new Label("No alerts raised or cleared since the console started."));
        VBox.setVgrow(history, Priority.ALWAYS);

        ListView<ServerItem> mutes = new ListView<>(servers);
        mutes.setId("muteList");
        mutes.setCellFactory(lv -> new ListCell<>() {
            private final CheckBox box = new CheckBox();

            @Override
            protected void updateItem(ServerItem item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                box.setText("Mute " + item.profile().displayName());
                box.setSelected(vm.isMuted(item.id()));
                box.setOnAction(e -> vm.setMuted(item.id(), box.isSelected()));
                setGraphic(box);
            }
        });
        mutes.setPrefWidth(260);
        Label muteTitle = new Label("Mute per server");
        muteTitle.getStyleClass().add("section-title");
        VBox mutePane = new VBox(4, muteTitle, mutes);
        VBox.setVgrow(mutes, Priority.ALWAYS);

        Label activeTitle = new Label("Raised now");
        activeTitle.getStyleClass().add("section-title");
        Label historyTitle = new Label("History");
        historyTitle.getStyleClass().add("section-title");
        VBox main = new VBox(6, activeTitle, active, historyTitle, history);
        HBox.setHgrow(main, Priority.ALWAYS);
        HBox body = new HBox(16, main, mutePane);
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox root = new VBox(8, new VBox(2, title, count), body);
        root.getStyleClass().add("page");
        root.setId("alertsPage");
        root.setAlignment(Pos.TOP_LEFT);
        return root;
    }

    private static <T> TableColumn<T, String> col(String name, java.util.function.Function<T, String> f) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }

    private static String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    @SuppressWarnings("unused")
    private static <T> ReadOnlyObjectWrapper<T> wrap(T t) {
        return new ReadOnlyObjectWrapper<>(t);
    }
}
