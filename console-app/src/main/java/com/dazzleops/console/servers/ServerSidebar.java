package com.dazzleops.console.servers;

import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.fx.Palette;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.function.Consumer;

/**
 * The server list on the left: each server with its environment colour band, a status dot (worst check level,
 * hollow when stale) and what the console is doing with it. Selecting a row selects the server for every page.
 */
public final class ServerSidebar {

    /** Height of a server row: name line over environment and activity line. */
    static final double ROW_HEIGHT = 50;

    private final VBox root = new VBox();
    private final ListView<ServerItem> list = new ListView<>();

    public ServerSidebar(ServerWorkspace workspace, Runnable onAdd, Consumer<ServerItem> onEdit,
                         Consumer<ServerItem> onRemove, Consumer<ServerItem> onToggleMute) {
        root.getStyleClass().add("server-sidebar");
        Label title = new Label("SERVERS");
        title.getStyleClass().add("sidebar-heading");
        Button add = new Button(null, new FontIcon("mdi2p-plus"));
        add.setId("addServerButton");
        add.getStyleClass().addAll("flat", "button-icon");
        add.setTooltip(new Tooltip("Add server (Ctrl+N)"));
        add.setOnAction(e -> onAdd.run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(title, grow, add);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 6, 4, 12));

        list.setId("serverList");
        list.getStyleClass().add("server-list");
        list.setItems(workspace.servers());
        list.setCellFactory(lv -> new ServerCell(onEdit, onRemove, onToggleMute));
        // every row is the same height: the list lays rows out without measuring each one's text on every change
        list.setFixedCellSize(ROW_HEIGHT);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                workspace.select(b);
            }
        });
        workspace.selectedProperty().addListener((o, a, b) -> {
            if (b != null && list.getSelectionModel().getSelectedItem() != b) {
                list.getSelectionModel().select(b);
            }
        });
        if (workspace.selectedProperty().get() != null) {
            list.getSelectionModel().select(workspace.selectedProperty().get());
        }
        Label empty = new Label("No servers yet.\nCtrl+N adds one.");
        empty.getStyleClass().add("text-muted");
        list.setPlaceholder(empty);
        VBox.setVgrow(list, Priority.ALWAYS);
        root.getChildren().addAll(header, list);
    }

    public Node view() {
        return root;
    }

    public ListView<ServerItem> list() {
        return list;
    }

    /** A row: band | dot | name + activity. Listens to the item's properties while it shows it. */
    private static final class ServerCell extends ListCell<ServerItem> {
        private final Region band = new Region();
        private final Circle dot = new Circle(5);
        private final Label name = new Label();
        private final Label env = new Label();
        private final Label activity = new Label();
        private final FontIcon mutedIcon = new FontIcon("mdi2b-bell-off-outline");
        private final HBox row;
        private ServerItem shown;
        private final Tooltip tip = new Tooltip();
        private final ChangeListener<Object> refresh = (o, a, b) -> update();

        ServerCell(Consumer<ServerItem> onEdit, Consumer<ServerItem> onRemove, Consumer<ServerItem> onToggleMute) {
            band.getStyleClass().add("env-band");
            band.setMinWidth(5);
            band.setPrefWidth(5);
            band.setMaxHeight(Double.MAX_VALUE);
            name.getStyleClass().add("server-name");
            env.getStyleClass().add("env-chip");
            env.setMinWidth(Region.USE_PREF_SIZE);
            activity.getStyleClass().addAll("server-activity", "text-muted");
            mutedIcon.getStyleClass().add("text-muted");
            HBox top = new HBox(6, dot, name, mutedIcon);
            top.setAlignment(Pos.CENTER_LEFT);
            HBox bottom = new HBox(6, env, activity);
            bottom.setAlignment(Pos.CENTER_LEFT);
            VBox text = new VBox(2, top, bottom);
            text.setPadding(new Insets(4, 4, 4, 2));
            row = new HBox(8, band, text);
            row.setAlignment(Pos.CENTER_LEFT);
            setGraphic(null);
            setText(null);

            MenuItem edit = new MenuItem("Edit server…", new FontIcon("mdi2p-pencil"));
            edit.setOnAction(e -> {
                if (getItem() != null) {
                    onEdit.accept(getItem());
                }
            });
            MenuItem mute = new MenuItem("Mute alerts");
            mute.setOnAction(e -> {
                if (getItem() != null) {
                    onToggleMute.accept(getItem());
                }
            });
            MenuItem remove = new MenuItem("Remove server…", new FontIcon("mdi2d-delete-outline"));
            remove.setOnAction(e -> {
                if (getItem() != null) {
                    onRemove.accept(getItem());
                }
            });
            ContextMenu menu = new ContextMenu(edit, mute, remove);
            menu.setOnShowing(e -> {
                if (getItem() != null) {
                    mute.setText(getItem().mutedProperty().get() ? "Unmute alerts" : "Mute alerts");
                    remove.setText("Remove " + getItem().profile().displayName() + "…");
                }
            });
            setContextMenu(menu);
        }

        @Override
        protected void updateItem(ServerItem item, boolean empty) {
            super.updateItem(item, empty);
            if (shown != null) {
                shown.levelProperty().removeListener(refresh);
                shown.staleProperty().removeListener(refresh);
                shown.downProperty().removeListener(refresh);
                shown.activityProperty().removeListener(refresh);
                shown.profileProperty().removeListener(refresh);
                shown.mutedProperty().removeListener(refresh);
            }
            shown = empty ? null : item;
            if (shown == null) {
                setGraphic(null);
                return;
            }
            shown.levelProperty().addListener(refresh);
            shown.staleProperty().addListener(refresh);
            shown.downProperty().addListener(refresh);
            shown.activityProperty().addListener(refresh);
            shown.profileProperty().addListener(refresh);
            shown.mutedProperty().addListener(refresh);
            update();
            setGraphic(row);
        }

        private void update() {
            ServerItem it = shown;
            if (it == null) {
                return;
            }
            var p = it.profile();
            name.setText(p.displayName());
            env.setText(p.environment().label().toUpperCase(java.util.Locale.ROOT) + (p.readOnly() ? " · RO" : ""));
            String style = "-fx-background-color: " + p.colour() + ";";
            if (!style.equals(env.getStyle())) {
                env.setStyle(style);
                band.setStyle(style);
            }
            activity.setText(it.activityProperty().get());
            CheckLevel level = it.levelProperty().get();
            boolean stale = it.staleProperty().get() || it.downProperty().get();
            dot.setFill(stale ? javafx.scene.paint.Color.TRANSPARENT : Palette.of(level));
            dot.setStroke(Palette.of(stale ? CheckLevel.BAD : level));
            dot.setStrokeWidth(stale ? 2 : 0);
            mutedIcon.setVisible(it.mutedProperty().get());
            mutedIcon.setManaged(it.mutedProperty().get());
            tip.setText((p.displayName() + "\n" + p.baseUrlText() + "\n" + p.environment().label()
                    + (p.readOnly() ? ", read-only" : "") + "\n" + it.activityProperty().get()));
            setTooltip(tip);
        }
    }
}
