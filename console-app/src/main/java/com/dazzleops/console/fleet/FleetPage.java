package com.dazzleops.console.fleet;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.fx.Palette;
import com.dazzleops.console.servers.ServerItem;
import com.dazzleops.console.shell.Page;
import com.dazzleops.console.shell.ShellContext;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every server as a compact row with its six checks, for the ops workstation; click a row for its dashboard. */
public final class FleetPage implements Page {

    /** Height of a fleet row (cell): three lines of identity, or a check's name over two lines of value. */
    static final double ROW_HEIGHT = 84;

    private final ShellContext context;
    private FleetViewModel vm;

    public FleetPage(ShellContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "fleet";
    }

    @Override
    public String title() {
        return "Fleet";
    }

    @Override
    public String iconLiteral() {
        return "mdi2s-server-network";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Node view() {
        var ws = context.servers().orElseThrow(() -> new IllegalStateException("the fleet page needs the server list"));
        vm = new FleetViewModel(ws, item -> context.showPage("dashboard"));

        Label title = new Label("Fleet");
        title.getStyleClass().add("page-title");
        Label summary = new Label();
        summary.setId("fleetSummary");
        summary.getStyleClass().add("page-subtitle");
        summary.textProperty().bind(vm.summaryProperty());
        TextField filter = new TextField();
        filter.setId("fleetFilter");
        filter.setPromptText("Filter by name, URL or environment");
        filter.setPrefColumnCount(28);
        filter.textProperty().bindBidirectional(vm.filterProperty());
        CheckBox problems = new CheckBox("Problems first");
        problems.selectedProperty().bindBidirectional(vm.problemsFirstProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(12, new VBox(2, title, summary), grow, problems, filter);
        top.setAlignment(Pos.CENTER_LEFT);

        ListView<ServerItem> list = new ListView<>(vm.rows());
        list.setId("fleetList");
        list.getStyleClass().add("fleet-list");
        // every row is the same height: the list lays rows out without measuring each one's text on every change
        list.setFixedCellSize(ROW_HEIGHT);
        list.setCellFactory(lv -> {
            Row r = new Row();
            r.root.prefWidthProperty().bind(lv.widthProperty().subtract(28));
            r.root.setMaxWidth(Region.USE_PREF_SIZE);
            return r;
        });
        list.setOnMouseClicked(e -> {
            ServerItem it = list.getSelectionModel().getSelectedItem();
            if (it != null && e.getClickCount() >= 1 && e.getTarget() instanceof Node) {
                vm.open(it);
            }
        });
        list.setOnKeyPressed(e -> {
            ServerItem it = list.getSelectionModel().getSelectedItem();
            if (it != null && e.getCode() == KeyCode.ENTER) {
                vm.open(it);
            }
        });
        Label empty = new Label("No servers match.");
        empty.getStyleClass().add("text-muted");
        list.setPlaceholder(empty);
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox root = new VBox(12, top, list);
        root.getStyleClass().add("page");
        root.setId("fleetPage");
        return root;
    }

    public FleetViewModel viewModel() {
        return vm;
    }

    /** band | dot + name/url/env/activity | six check chips. */
    private static final class Row extends ListCell<ServerItem> {
        private final Region band = new Region();
        private final Circle dot = new Circle(6);
        private final Label name = new Label();
        private final Label url = new Label();
        private final Label env = new Label();
        private final Label activity = new Label();
        private final List<VBox> chips = new ArrayList<>();
        private final List<Label> chipValues = new ArrayList<>();
        private final List<Tooltip> chipTips = new ArrayList<>();
        final HBox root;
        private ServerItem shown;
        private final Check[] shownChecks = new Check[CheckId.values().length];
        private final ChangeListener<Object> refresh = (o, a, b) -> update();

        Row() {
            band.setMinWidth(6);
            band.setPrefWidth(6);
            band.setMaxHeight(Double.MAX_VALUE);
            band.setStyle("-fx-background-radius: 6 0 0 6;");
            name.getStyleClass().add("server-name");
            url.getStyleClass().add("text-muted");
            env.getStyleClass().add("env-chip");
            activity.getStyleClass().addAll("text-muted", "server-activity");
            HBox line1 = new HBox(8, dot, name, env);
            line1.setAlignment(Pos.CENTER_LEFT);
            VBox ident = new VBox(2, line1, url, activity);
            ident.setMinWidth(240);
            ident.setPrefWidth(300);
            ident.setMaxWidth(300);
            env.setMinWidth(Region.USE_PREF_SIZE);
            HBox checks = new HBox(6);
            HBox.setHgrow(checks, Priority.ALWAYS);
            checks.setAlignment(Pos.CENTER_LEFT);
            for (CheckId id : CheckId.values()) {
                Label n = new Label(id.title());
                n.getStyleClass().add("check-name");
                Label v = new Label();
                v.getStyleClass().add("check-value");
                v.setWrapText(true);
                v.setMaxHeight(34); // two lines at most
                VBox chip = new VBox(0, n, v);
                chip.getStyleClass().addAll("fleet-check", "level-unknown");
                chip.setPrefWidth(10);
                chip.setMaxWidth(Double.MAX_VALUE);
                HBox.setHgrow(chip, Priority.ALWAYS);
                chips.add(chip);
                chipValues.add(v);
                Tooltip tip = new Tooltip();
                Tooltip.install(chip, tip);
                chipTips.add(tip);
                checks.getChildren().add(chip);
            }
            root = new HBox(12, band, ident, checks);
            root.setAlignment(Pos.CENTER_LEFT);
            root.getStyleClass().add("fleet-row");
            root.setPadding(new Insets(6, 10, 6, 0));
            setText(null);
        }

        @Override
        protected void updateItem(ServerItem item, boolean empty) {
            super.updateItem(item, empty);
            if (shown != null) {
                shown.snapshotProperty().removeListener(refresh);
                shown.profileProperty().removeListener(refresh);
            }
            shown = empty ? null : item;
            java.util.Arrays.fill(shownChecks, null);
            if (shown == null) {
                setGraphic(null);
                return;
            }
            // the item's level, staleness and activity are set together with its snapshot: one update per poll
            shown.snapshotProperty().addListener(refresh);
            shown.profileProperty().addListener(refresh);
            update();
            setGraphic(root);
        }

        private void update() {
            ServerItem it = shown;
            if (it == null) {
                return;
            }
            var p = it.profile();
            name.setText(p.displayName());
            url.setText(p.baseUrlText());
            env.setText(p.environment().label().toUpperCase(Locale.ROOT));
            String envStyle = "-fx-background-color: " + p.colour() + ";";
            if (!envStyle.equals(env.getStyle())) {
                env.setStyle(envStyle);
                band.setStyle(envStyle + " -fx-background-radius: 6 0 0 6;");
            }
            activity.setText(it.activityProperty().get());
            boolean stale = it.staleProperty().get() || it.downProperty().get();
            CheckLevel worst = it.levelProperty().get();
            dot.setFill(stale ? javafx.scene.paint.Color.TRANSPARENT : Palette.of(worst));
            dot.setStroke(Palette.of(stale ? CheckLevel.BAD : worst));
            dot.setStrokeWidth(stale ? 2 : 0);
            ServerSnapshot s = it.snapshot();
            List<Check> checks = s == null ? List.of() : s.checks();
            for (int i = 0; i < chips.size(); i++) {
                CheckId id = CheckId.values()[i];
                Check c = null;
                for (Check x : checks) {
                    if (x.id() == id) {
                        c = x;
                        break;
                    }
                }
                VBox chip = chips.get(i);
                CheckLevel l = c == null ? CheckLevel.UNKNOWN : c.level();
                String cls = Palette.styleClass(l);
                if (!chip.getStyleClass().contains(cls)) { // re-style only on a change of level
                    chip.getStyleClass().removeIf(x -> x.startsWith("level-"));
                    chip.getStyleClass().add(cls);
                }
                chip.setOpacity(stale ? Palette.STALE_OPACITY : 1);
                if (c != null && c.equals(shownChecks[i])) {
                    continue; // same check as shown: no new strings, nothing re-laid out
                }
                shownChecks[i] = c;
                chipValues.get(i).setText(c == null ? "—" : c.value());
                chipTips.get(i).setText(id.title() + ": " + l + (c == null ? "" : "\n" + c.value()
                        + (c.source().isEmpty() ? "" : "\nfrom " + c.source())
                        + (c.detail().isEmpty() ? "" : "\n" + c.detail())));
            }
        }
    }
}
