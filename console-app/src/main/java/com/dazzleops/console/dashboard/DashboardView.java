package com.dazzleops.console.dashboard;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.monitor.ConsumerKey;
import com.dazzleops.console.fx.Tiles;
import com.dazzleops.console.shell.Theme;
import eu.hansolo.tilesfx.Tile;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The dashboard's controls, bound to a {@link DashboardViewModel}. Holds no logic beyond layout. */
final class DashboardView {

    private final DashboardViewModel vm;
    private final ObservableValue<Theme> theme;
    private final ScrollPane root = com.dazzleops.console.fx.Controls.uncachedScrollPane();
    private final Map<CheckId, CheckTile> checkTiles = new EnumMap<>(CheckId.class);
    private final List<Tile> neutralTiles = new ArrayList<>();
    private final Map<ConsumerKey, LagCard> lagCards = new HashMap<>();
    private final FlowPane lagPane = new FlowPane(12, 12);
    private final GridPane entityGrid = new GridPane();

    DashboardView(DashboardViewModel vm, ObservableValue<Theme> theme) {
        this.vm = vm;
        this.theme = theme;
        VBox content = new VBox(10);
        content.getStyleClass().add("page");
        content.setId("dashboardPage");

        VBox body = new VBox(10, staleBanner(), section("Health checks", null), checks(),
                section("Outbox", vm.outboxErrorProperty()), outbox(),
                lagHeader(), lagBody(),
                section("Entity counts", vm.entitiesErrorProperty()), entities());
        body.visibleProperty().bind(vm.hasServerProperty());
        body.managedProperty().bind(vm.hasServerProperty());

        Label none = new Label("No server selected. Add one with File > Add server (Ctrl+N).");
        none.getStyleClass().add("text-muted");
        none.visibleProperty().bind(vm.hasServerProperty().not());
        none.managedProperty().bind(none.visibleProperty());

        content.getChildren().addAll(header(), none, body);
        root.setContent(content);
        root.setFitToWidth(true);
        root.getStyleClass().add("edge-to-edge");
        theme.addListener((o, a, t) -> repaint());
        repaint();
    }

    Node view() {
        return root;
    }

    // ---- header ------------------------------------------------------------------------------------------------

    private Node header() {
        Label app = new Label();
        app.setId("dashAppName");
        app.getStyleClass().add("page-title");
        app.textProperty().bind(vm.appNameProperty());
        Label server = new Label();
        server.getStyleClass().add("page-subtitle");
        server.textProperty().bind(Bindings.concat(vm.serverNameProperty(), "  ·  ", vm.serverUrlProperty()));
        VBox titles = new VBox(2, app, server);

        HBox chips = new HBox(8, chip("version", vm.versionProperty(), "dashVersion"),
                chip("dsl_hash", vm.dslHashProperty(), "dashDslHash"),
                chip("uptime", vm.uptimeProperty(), "dashUptime"),
                chip("status", vm.statusTextProperty(), "dashStatus"));
        chips.setAlignment(Pos.CENTER_RIGHT);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(16, titles, grow, chips);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, top, errorLabel(vm.headerErrorProperty(), "dashHeaderError"));
        box.visibleProperty().bind(vm.hasServerProperty());
        box.managedProperty().bind(vm.hasServerProperty());
        return box;
    }

    private Node chip(String key, ObservableStringValue value, String id) {
        return com.dazzleops.console.fx.Controls.chip(key, value, id);
    }

    private Node staleBanner() {
        Label l = new Label();
        l.setId("staleMessage");
        l.setWrapText(true);
        l.textProperty().bind(vm.staleMessageProperty());
        HBox banner = new HBox(8, new FontIcon("mdi2l-lan-disconnect"), l);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().add("stale-banner");
        banner.setId("staleBanner");
        banner.visibleProperty().bind(vm.staleProperty());
        banner.managedProperty().bind(vm.staleProperty());
        return banner;
    }

    private Node section(String title, ObservableStringValue error) {
        Label t = new Label(title);
        t.getStyleClass().add("section-title");
        if (error == null) {
            return t;
        }
        HBox box = new HBox(12, t, errorLabel(error, null));
        box.setAlignment(Pos.BOTTOM_LEFT);
        return box;
    }

    private static Label errorLabel(ObservableStringValue text, String id) {
        Label l = new Label();
        if (id != null) {
            l.setId(id);
        }
        l.getStyleClass().add("panel-error");
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(Bindings.isNotEmpty(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    // ---- checks ------------------------------------------------------------------------------------------------

    private Node checks() {
        TilePane pane = new TilePane(10, 10);
        pane.setPrefColumns(6);
        pane.setPrefTileHeight(140);
        fitColumns(pane, 6, 150);
        for (CheckId id : CheckId.values()) {
            CheckTile t = new CheckTile(id);
            checkTiles.put(id, t);
            pane.getChildren().add(t.node());
        }
        vm.checks().addListener((ListChangeListener<Check>) c -> showChecks());
        vm.staleProperty().addListener((o, a, b) -> showChecks());
        showChecks();
        return pane;
    }

    /** Sizes a tile pane's tiles so {@code columns} fit its width (never narrower than {@code min}). */
    private static void fitColumns(TilePane pane, int columns, double min) {
        pane.setPrefTileWidth(190);
        pane.widthProperty().addListener((o, a, w) -> {
            double gaps = pane.getHgap() * (columns - 1);
            double each = Math.floor((w.doubleValue() - gaps - 1) / columns);
            pane.setPrefTileWidth(Math.max(min, Math.min(260, each)));
        });
    }

    private void showChecks() {
        boolean stale = vm.isStale();
        for (Check c : vm.checks()) {
            CheckTile t = checkTiles.get(c.id());
            if (t != null) {
                t.show(c, stale);
            }
        }
    }

    // ---- outbox ------------------------------------------------------------------------------------------------

    private Node outbox() {
        TilePane pane = new TilePane(10, 10);
        pane.setPrefTileHeight(100);
        fitColumns(pane, 6, 150);
        pane.getChildren().addAll(
                numberTile("Pending", vm.outboxPendingProperty(), "outboxPending", "rows waiting for the relay"),
                numberTile("Publishing", vm.outboxPublishingProperty(), "outboxPublishing", "claimed by the relay"),
                numberTile("Published", vm.outboxPublishedProperty(), "outboxPublished", "delivered to the bus"),
                numberTile("Failed", vm.outboxFailedProperty(), "outboxFailed", "gave up after retries"),
                numberTile("Oldest pending", vm.outboxOldestProperty(), "outboxOldest", "age of the oldest row"));
        return pane;
    }

    private Tile numberTile(String title, ObservableStringValue value, String id, String note) {
        Label v = new Label();
        v.setId(id);
        v.textProperty().bind(value);
        v.getStyleClass().add("tile-number");
        StackPane box = new StackPane(v);
        Tile t = Tiles.custom(title, box, 200, 110);
        t.setText(note);
        neutralTiles.add(t);
        return t;
    }

    // ---- consumer lag ------------------------------------------------------------------------------------------

    private Node lagHeader() {
        Label t = new Label("Consumer lag");
        t.getStyleClass().add("section-title");
        ToggleGroup g = new ToggleGroup();
        HBox buttons = new HBox();
        buttons.getStyleClass().add("segmented");
        for (LagWindow w : LagWindow.values()) {
            ToggleButton b = new ToggleButton(w.toString());
            b.setId("lagWindow-" + w.name());
            b.setToggleGroup(g);
            b.setUserData(w);
            b.setSelected(vm.getWindow() == w);
            b.setOnAction(e -> {
                if (b.isSelected()) {
                    vm.windowProperty().set(w);
                } else {
                    b.setSelected(true);
                }
            });
            String pos = w.ordinal() == 0 ? "left-pill" : w.ordinal() == LagWindow.values().length - 1 ? "right-pill" : "center-pill";
            b.getStyleClass().add(pos);
            buttons.getChildren().add(b);
        }
        HBox box = new HBox(12, t, buttons, errorLabel(vm.lagErrorProperty(), "lagError"));
        box.setAlignment(Pos.BOTTOM_LEFT);
        return box;
    }

    private Node lagBody() {
        Label note = new Label();
        note.setId("lagNote");
        note.getStyleClass().add("text-muted");
        note.textProperty().bind(vm.lagNoteProperty());
        note.visibleProperty().bind(Bindings.isNotEmpty(vm.lagNoteProperty()));
        note.managedProperty().bind(note.visibleProperty());
        vm.lag().addListener((ListChangeListener<LagSeries>) c -> showLag());
        vm.windowProperty().addListener((o, a, b) -> showLag());
        return new VBox(6, note, lagPane);
    }

    private void showLag() {
        Set<ConsumerKey> seen = new HashSet<>();
        for (LagSeries s : vm.lag()) {
            seen.add(s.key());
            LagCard card = lagCards.computeIfAbsent(s.key(), k -> {
                LagCard c = new LagCard(k);
                lagPane.getChildren().add(c.root);
                return c;
            });
            card.show(s, vm.getWindow());
        }
        lagCards.entrySet().removeIf(e -> {
            if (!seen.contains(e.getKey())) {
                lagPane.getChildren().remove(e.getValue().root);
                return true;
            }
            return false;
        });
    }

    /** One consumer group's chart: title, current lag, trend chip and a line over the window. */
    private static final class LagCard {
        private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");
        private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
        final VBox root = new VBox(4);
        final Label current = new Label();
        final Label trend = new Label();
        final NumberAxis x = new NumberAxis();
        final NumberAxis y = new NumberAxis();
        final LineChart<Number, Number> chart = new LineChart<>(x, y);
        final XYChart.Series<Number, Number> series = new XYChart.Series<>();
        private LagWindow window;

        LagCard(ConsumerKey key) {
            Label title = new Label(key.groupId());
            title.getStyleClass().add("section-title");
            title.setStyle("-fx-padding: 0;");
            Label topic = new Label("topic " + key.topic());
            topic.getStyleClass().add("text-muted");
            trend.getStyleClass().add("trend-chip");
            trend.setId("lagTrend-" + key.groupId());
            current.setId("lagCurrent-" + key.groupId());
            Region grow = new Region();
            HBox.setHgrow(grow, Priority.ALWAYS);
            HBox head = new HBox(8, new VBox(0, title, topic), grow, current, trend);
            head.setAlignment(Pos.CENTER_LEFT);
            x.setAutoRanging(false);
            x.setForceZeroInRange(false);
            x.setMinorTickVisible(false);
            y.setAutoRanging(false);
            y.setLowerBound(0);
            y.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number n) {
                    return Long.toString(Math.round(n.doubleValue()));
                }

                @Override
                public Number fromString(String str) {
                    return 0;
                }
            });
            y.setLabel("lag (events)");
            y.setMinorTickVisible(false);
            chart.setAnimated(false);
            chart.setCreateSymbols(false);
            chart.setLegendVisible(false);
            chart.getStyleClass().add("lag-chart");
            chart.setPrefSize(520, 200);
            chart.setMinHeight(180);
            chart.getData().add(series);
            root.getChildren().addAll(head, chart);
            root.getStyleClass().add("chart-card");
            root.setPrefWidth(540);
            root.setId("lagCard-" + key.groupId());
        }

        private final List<LagTrend.Point> shownPoints = new ArrayList<>();

        /**
         * Brings the series to {@code points} with the fewest changes: drop points that left the window at the
         * front, append new ones at the back; rebuild only when the history itself changed (window switch, reload).
         */
        private void update(List<LagTrend.Point> points) {
            int drop = 0;
            while (drop < shownPoints.size() && !points.isEmpty()
                    && shownPoints.get(drop).time().isBefore(points.get(0).time())) {
                drop++;
            }
            int kept = shownPoints.size() - drop;
            boolean prefix = kept <= points.size();
            for (int i = 0; prefix && i < kept; i++) {
                prefix = shownPoints.get(drop + i).equals(points.get(i));
            }
            if (prefix && kept > 0) {
                if (drop > 0) {
                    series.getData().remove(0, drop);
                    shownPoints.subList(0, drop).clear();
                }
                List<XYChart.Data<Number, Number>> add = new ArrayList<>();
                for (int i = kept; i < points.size(); i++) {
                    add.add(new XYChart.Data<>(points.get(i).time().getEpochSecond(), points.get(i).lag()));
                    shownPoints.add(points.get(i));
                }
                if (!add.isEmpty()) {
                    series.getData().addAll(add);
                }
                return;
            }
            List<XYChart.Data<Number, Number>> data = new ArrayList<>(points.size());
            for (LagTrend.Point p : points) {
                data.add(new XYChart.Data<>(p.time().getEpochSecond(), p.lag()));
            }
            series.getData().setAll(data);
            shownPoints.clear();
            shownPoints.addAll(points);
        }

        void show(LagSeries s, LagWindow w) {
            if (w != window) {
                window = w;
                DateTimeFormatter f = w == LagWindow.FIVE_MINUTES ? HMS : HM;
                x.setTickLabelFormatter(new StringConverter<>() {
                    @Override
                    public String toString(Number n) {
                        return f.format(Instant.ofEpochSecond(n.longValue()).atZone(ZoneId.systemDefault()));
                    }

                    @Override
                    public Number fromString(String str) {
                        return 0;
                    }
                });
            }
            long now = Instant.now().getEpochSecond();
            long len = w.length().getSeconds();
            x.setLowerBound(now - len);
            x.setUpperBound(now);
            x.setTickUnit(len / 5.0);
            update(s.points());
            long max = 0;
            for (LagTrend.Point p : s.points()) {
                max = Math.max(max, p.lag());
            }
            // whole-number ticks: lag is a count of events
            long tick = Math.max(1, (long) Math.ceil(Math.max(5, max * 1.1) / 5.0));
            y.setTickUnit(tick);
            y.setUpperBound(tick * 5.0);
            current.setText(s.current() < 0 ? "no samples" : "lag " + s.current());
            trend.setText(s.trendText());
            String trendClass = "trend-" + s.trend().name().toLowerCase(Locale.ROOT);
            if (!trend.getStyleClass().contains(trendClass)) { // re-style (CSS pass) only when the trend changes
                trend.getStyleClass().removeIf(c -> c.startsWith("trend-") && !c.equals("trend-chip"));
                trend.getStyleClass().add(trendClass);
            }
        }
    }

    // ---- entities ----------------------------------------------------------------------------------------------

    private Node entities() {
        entityGrid.setHgap(28);
        entityGrid.setVgap(4);
        entityGrid.setId("entityCounts");
        Label total = new Label();
        total.getStyleClass().add("text-muted");
        total.textProperty().bind(vm.totalRecordsProperty());
        vm.entities().addListener((ListChangeListener<com.dazzleops.model.ops.debug.DazzleStats.EntityCount>) c -> showEntities());
        VBox card = new VBox(8, entityGrid, total);
        card.getStyleClass().add("chart-card");
        card.setPadding(new Insets(10, 14, 10, 14));
        card.setMaxWidth(Region.USE_PREF_SIZE);
        card.visibleProperty().bind(Bindings.isNotEmpty(vm.entities()));
        card.managedProperty().bind(card.visibleProperty());
        return card;
    }

    private void showEntities() {
        entityGrid.getChildren().clear();
        var list = vm.entities();
        int perColumn = Math.max(1, (list.size() + 3) / 4);
        for (int i = 0; i < list.size(); i++) {
            var e = list.get(i);
            Label name = new Label(e.name());
            Label count = new Label(Long.toString(e.count()));
            count.setStyle("-fx-font-weight: bold;");
            count.setId("entity-" + e.name());
            int col = (i / perColumn) * 2;
            entityGrid.add(name, col, i % perColumn);
            entityGrid.add(count, col + 1, i % perColumn);
        }
    }

    private void repaint() {
        Theme t = theme.getValue();
        Color fg = Tiles.neutralForeground(t);
        for (Tile tile : neutralTiles) {
            Tiles.paintNeutral(tile, t);
            if (tile.getGraphic() instanceof StackPane sp && !sp.getChildren().isEmpty()
                    && sp.getChildren().get(0) instanceof Label l) {
                l.setStyle("-fx-font-size: 30px; -fx-font-weight: bold; -fx-text-fill: " + com.dazzleops.console.fx.Palette.css(fg) + ";");
            }
        }
    }
}
