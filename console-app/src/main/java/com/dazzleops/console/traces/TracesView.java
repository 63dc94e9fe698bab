package com.dazzleops.console.traces;

import com.dazzleops.model.perf.PerfSpanEvent;
import com.dazzleops.perf.compare.RunComparison;
import com.dazzleops.perf.findings.Finding;
import com.dazzleops.perf.read.Attributes;
import com.dazzleops.perf.read.RunSummary;
import com.dazzleops.perf.read.SpanRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The traces page's view: a thin layer over {@link TraceViewModel}. Toolbar (open, recent, run, critical path),
 * search bar, the lazily expanded span tree with its waterfall, and on the right the selected span's details over
 * tabs for findings, search results and run comparison. Files can be dropped on it.
 */
public final class TracesView extends BorderPane {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass CRITICAL = PseudoClass.getPseudoClass("critical");
    private static final PseudoClass HIT = PseudoClass.getPseudoClass("hit");
    private static final PseudoClass GROUP = PseudoClass.getPseudoClass("group");
    private static final PseudoClass CYCLE = PseudoClass.getPseudoClass("cycle");

    private final TraceViewModel vm;
    private final Supplier<Window> owner;
    private final TreeTableView<SpanNode> tree = new TreeTableView<>();
    private final TreeItem<SpanNode> root = new TreeItem<>();
    private final TabPane sideTabs = new TabPane();
    private ListView<Finding> findingsList;
    private Finding currentFinding;
    private int findingIndex;

    public TracesView(TraceViewModel vm, Supplier<Window> owner) {
        this.vm = vm;
        this.owner = owner;
        getStyleClass().add("traces-view");
        getStylesheets().add(TracesView.class.getResource("traces.css").toExternalForm());
        setTop(new VBox(toolbar(), searchBar(), errorBanner()));
        SplitPane right = new SplitPane(details(), tabs());
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.56);
        SplitPane center = new SplitPane(tree(), right);
        center.setDividerPositions(0.64);
        setCenter(center);
        setBottom(statusBar());
        vm.setAfterShown(this::afterNextLayout);
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            if (files != null && !files.isEmpty()) {
                vm.open(files.get(0).toPath());
                e.setDropCompleted(true);
                e.consume();
            }
        });
    }

    public TraceViewModel viewModel() {
        return vm;
    }

    /** Runs {@code task} once, after the scene's next layout pass (at once when the view is not on screen). */
    private void afterNextLayout(Runnable task) {
        javafx.scene.Scene scene = getScene();
        if (scene == null || scene.getWindow() == null || !scene.getWindow().isShowing()) {
            task.run();
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (ran.compareAndSet(false, true)) {
                task.run();
                // not removed while the scene iterates its listeners
                javafx.application.Platform.runLater(() -> scene.removePostLayoutPulseListener(listener[0]));
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
        javafx.application.Platform.requestNextPulse();
    }

    // ------------------------------------------------------------------ toolbar and search

    private ToolBar toolbar() {
        Button open = new Button("Open…");
        open.setId("openButton");
        open.setOnAction(e -> chooseFile().ifPresent(vm::open));
        MenuButton recent = new MenuButton("Recent");
        recent.setId("recentMenu");
        Runnable fillRecent = () -> {
            recent.getItems().setAll(vm.recent().stream().map(p -> {
                MenuItem item = new MenuItem(p.toString());
                item.setOnAction(e -> vm.open(p));
                return item;
            }).toList());
            recent.setDisable(vm.recent().isEmpty());
        };
        vm.recent().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        fillRecent.run();

        ComboBox<RunSummary> runs = new ComboBox<>(vm.runs());
        runs.setId("runChoice");
        runs.setPromptText("run");
        runs.setPrefWidth(420);
        runs.setConverter(new StringConverter<>() {
            @Override
            public String toString(RunSummary r) {
                return r == null ? "" : TraceViewModel.describe(r);
            }

            @Override
            public RunSummary fromString(String s) {
                return null;
            }
        });
        vm.runProperty().addListener((o, a, b) -> {
            if (b != null && runs.getValue() != b) {
                runs.setValue(b);
            }
        });
        runs.setOnAction(e -> vm.selectRun(runs.getValue()));

        Label note = new Label();
        note.setId("integrityNote");
        note.getStyleClass().add("integrity-note");
        note.textProperty().bind(vm.integrityNoteProperty());

        Button critical = new Button("Critical path");
        critical.setId("criticalButton");
        critical.setOnAction(e -> {
            TreeItem<SpanNode> sel = tree.getSelectionModel().getSelectedItem();
            SpanNode node = sel == null ? null : sel.getValue();
            if (node == null || node.row() == null) {
                node = vm.topLevel().stream().filter(n -> n.row() != null)
                        .max((a, b) -> Long.compare(a.row().span().durationNs(), b.row().span().durationNs())).orElse(null);
            }
            vm.criticalPath(node);
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(open, recent, runs, note, spacer, critical);
    }

    private HBox searchBar() {
        TextField name = field("searchName", "span name contains", 170, vm.searchNameProperty());
        TextField key = field("searchKey", "attribute key (db.statement)", 190, vm.searchKeyProperty());
        TextField value = field("searchValue", "attribute value contains", 190, vm.searchValueProperty());
        TextField min = field("searchMinMs", "min ms", 70, vm.searchMinMsProperty());
        CheckBox errors = new CheckBox("errors only");
        errors.setId("errorsOnly");
        errors.selectedProperty().bindBidirectional(vm.searchErrorsOnlyProperty());
        Button search = new Button("Search");
        search.setId("searchButton");
        search.setDefaultButton(false);
        search.setOnAction(e -> {
            vm.search();
            sideTabs.getSelectionModel().select(1);
        });
        for (TextField f : List.of(name, key, value, min)) {
            f.setOnAction(e -> search.fire());
        }
        HBox bar = new HBox(6, name, key, value, min, errors, search);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        bar.getStyleClass().add("search-bar");
        return bar;
    }

    private static TextField field(String id, String prompt, double width, javafx.beans.property.StringProperty prop) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefWidth(width);
        f.textProperty().bindBidirectional(prop);
        return f;
    }

    private Label errorBanner() {
        Label banner = new Label();
        banner.setId("errorMessage");
        banner.getStyleClass().add("trace-error");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.textProperty().bind(vm.errorProperty());
        banner.visibleProperty().bind(vm.errorProperty().isNotNull());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("traceStatus");
        status.textProperty().bind(vm.statusProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(vm.busyProperty());
        HBox bar = new HBox(8, busy, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add("trace-status");
        return bar;
    }

    // ------------------------------------------------------------------ tree

    private TreeTableView<SpanNode> tree() {
        tree.setId("spanTree");
        tree.getStyleClass().add("span-tree");
        tree.setRoot(root);
        tree.setShowRoot(false);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.setPlaceholder(new Label("Open a trace file: Open…, Recent, drop a .db here, or pass it on the command line."));
        vm.topLevel().addListener((ListChangeListener<SpanNode>) this::syncRoot);

        TreeTableColumn<SpanNode, SpanNode> name = new TreeTableColumn<>("Span");
        name.setId("colName");
        name.setPrefWidth(250);
        name.setCellValueFactory(p -> new ReadOnlyObjectWrapper<>(p.getValue().getValue()));
        name.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(SpanNode n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : n.cycleRef() ? n.label() + "  ↻ cycle" : n.label());
                setTooltip(empty || n == null || n.hint() == null ? null : new javafx.scene.control.Tooltip(n.label() + ": " + n.hint()));
            }
        });
        TreeTableColumn<SpanNode, String> kind = text("Kind", 72, n -> n.row() == null ? "" : n.row().span().kind());
        TreeTableColumn<SpanNode, String> status = text("Status", 66, n -> n.row() == null ? "" : n.row().span().status());
        TreeTableColumn<SpanNode, String> dur = text("Duration", 88, n -> n.row() == null ? "" : Durations.format(n.row().span().durationNs()));
        TreeTableColumn<SpanNode, String> self = text("Self", 82, n -> n.row() == null ? ""
                : n.row().statsKnown() ? Durations.format(n.row().selfNs()) : "…");
        TreeTableColumn<SpanNode, String> offset = text("Start", 100,
                n -> n.row() == null ? "" : Durations.offset(n.row().span().startedNs() - n.windowStartNs()));
        TreeTableColumn<SpanNode, SpanNode> waterfall = new TreeTableColumn<>("Waterfall");
        waterfall.setId("colWaterfall");
        waterfall.setPrefWidth(240);
        waterfall.setMinWidth(120);
        waterfall.setCellValueFactory(p -> new ReadOnlyObjectWrapper<>(p.getValue().getValue()));
        waterfall.setCellFactory(c -> new WaterfallCell(vm.criticalPath()));
        List<TreeTableColumn<SpanNode, ?>> cols = List.of(name, kind, status, dur, self, offset, waterfall);
        cols.forEach(col -> col.setSortable(false));
        tree.getColumns().setAll(cols);

        tree.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(SpanNode n, boolean empty) {
                super.updateItem(n, empty);
                boolean real = !empty && n != null;
                pseudoClassStateChanged(ERROR, real && n.isError());
                pseudoClassStateChanged(CRITICAL, real && n.spanId() != null && vm.criticalPath().contains(n.spanId()));
                pseudoClassStateChanged(HIT, real && n.spanId() != null && vm.highlighted().contains(n.spanId()));
                pseudoClassStateChanged(GROUP, real && n.kind() != SpanNode.Kind.SPAN);
                pseudoClassStateChanged(CYCLE, real && (n.cycleRef() || n.kind() == SpanNode.Kind.CYCLE_GROUP));
            }
        });
        vm.criticalPath().addListener((SetChangeListener<String>) c -> tree.refresh());
        vm.revealProperty().addListener((o, a, chain) -> {
            if (chain != null && !vm.criticalPath().isEmpty()) {
                expandCritical(root);
            }
        });
        vm.highlighted().addListener((SetChangeListener<String>) c -> tree.refresh());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.select(b == null ? null : b.getValue()));
        vm.revealProperty().addListener((o, a, chain) -> {
            if (chain != null) {
                reveal(chain);
            }
        });
        return tree;
    }

    /** Mirrors a change of the first level in the root's items (items of unchanged nodes kept, with their state). */
    private void syncRoot(ListChangeListener.Change<? extends SpanNode> c) {
        SpanTreeItem.apply(c, root.getChildren(), vm.topLevel(), n -> new SpanTreeItem(n, vm::loadChildren));
    }

    private void reveal(List<SpanNode> chain) {
        TreeItem<SpanNode> item = root;
        for (SpanNode node : chain) {
            TreeItem<SpanNode> next = null;
            for (TreeItem<SpanNode> c : item.getChildren()) {
                if (c.getValue() == node) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            if (item != root) {
                item.setExpanded(true);
            }
            item = next;
        }
        if (item != root) {
            tree.getSelectionModel().select(item);
            int row = tree.getRow(item);
            if (row >= 0) {
                tree.scrollTo(Math.max(0, row - 5));
            }
        }
    }

    /** Opens every loaded node on the critical path, so the whole path shows. */
    private void expandCritical(TreeItem<SpanNode> item) {
        java.util.ArrayDeque<TreeItem<SpanNode>> todo = new java.util.ArrayDeque<>(item.getChildren().stream()
                .filter(c -> c.getValue().spanId() != null && vm.criticalPath().contains(c.getValue().spanId())).toList());
        while (!todo.isEmpty()) {
            TreeItem<SpanNode> t = todo.pop();
            if (t.getValue().isLoaded() && !t.getValue().children().isEmpty()) {
                t.setExpanded(true);
                for (TreeItem<SpanNode> c : t.getChildren()) {
                    if (c.getValue().spanId() != null && vm.criticalPath().contains(c.getValue().spanId())) {
                        todo.push(c);
                    }
                }
            }
        }
    }

    private static TreeTableColumn<SpanNode, String> text(String title, double width, Function<SpanNode, String> f) {
        TreeTableColumn<SpanNode, String> col = new TreeTableColumn<>(title);
        col.setId("col" + title);
        col.setPrefWidth(width);
        col.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue().getValue() == null ? "" : f.apply(p.getValue().getValue())));
        return col;
    }

    // ------------------------------------------------------------------ details

    private ScrollPane details() {
        Label title = new Label("Select a span");
        title.setId("detailName");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);
        GridPane ids = new GridPane();
        ids.setId("detailIds");
        ids.setHgap(10);
        ids.setVgap(2);
        TextArea sql = new TextArea();
        sql.setId("detailSql");
        sql.setEditable(false);
        sql.setWrapText(true);
        sql.setPrefRowCount(5);
        sql.getStyleClass().add("detail-sql");
        Label sqlLabel = new Label("db.statement");
        sqlLabel.getStyleClass().add("detail-section");
        TableView<Map.Entry<String, String>> attrs = new TableView<>();
        attrs.setId("detailAttributes");
        attrs.setPrefHeight(170);
        attrs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Map.Entry<String, String>, String> k = new TableColumn<>("Attribute");
        k.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue().getKey()));
        k.setPrefWidth(160);
        TableColumn<Map.Entry<String, String>, String> v = new TableColumn<>("Value");
        v.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue().getValue()));
        attrs.getColumns().setAll(List.of(k, v));
        attrs.setPlaceholder(new Label("no attributes"));
        Label attrError = new Label();
        attrError.setId("detailAttributesError");
        attrError.getStyleClass().add("trace-error");
        attrError.setWrapText(true);
        attrError.visibleProperty().bind(attrError.textProperty().isNotEmpty());
        attrError.managedProperty().bind(attrError.visibleProperty());
        TextArea events = new TextArea();
        events.setId("detailEvents");
        events.setEditable(false);
        events.setPrefRowCount(4);
        events.getStyleClass().add("detail-sql");
        Label eventsLabel = new Label("Events");
        eventsLabel.getStyleClass().add("detail-section");
        Button copyId = new Button("Copy span id");
        copyId.setId("copySpanId");
        Button copyAll = new Button("Copy details");
        copyAll.setId("copyDetails");
        Button copySql = new Button("Copy SQL");
        copySql.setId("copySql");
        for (javafx.scene.Node n : List.of(sql, sqlLabel)) {
            n.setVisible(false);
            n.setManaged(false);
        }
        HBox buttons = new HBox(6, copyId, copyAll, copySql);
        VBox box = new VBox(6, title, ids, buttons, sqlLabel, sql, new Label("Attributes"), attrs, attrError, eventsLabel, events);
        box.setPadding(new Insets(8));
        box.setId("detailsPane");

        vm.detailsProperty().addListener((o, a, d) -> {
            ids.getChildren().clear();
            if (d == null) {
                title.setText("Select a span");
                for (javafx.scene.Node n : List.of(sql, sqlLabel)) {
                    n.setVisible(false);
                    n.setManaged(false);
                }
                attrs.getItems().clear();
                sql.clear();
                events.clear();
                attrError.setText("");
                return;
            }
            title.setText(d.span().name() + (d.span().isError() ? "   [error]" : ""));
            title.pseudoClassStateChanged(ERROR, d.span().isError());
            String[][] rows = {
                    {"span id", d.span().spanId()}, {"trace id", d.span().traceId()},
                    {"parent id", d.span().parentSpanId() == null ? "(root)" : d.span().parentSpanId()},
                    {"kind / status", d.span().kind() + " / " + d.span().status()},
                    {"duration", Durations.format(d.span().durationNs()) + "   self " + Durations.format(d.selfNs())},
                    {"start", Durations.offset(d.offsetNs()) + " in its trace   children " + d.childCount()}};
            for (int i = 0; i < rows.length; i++) {
                Label key = new Label(rows[i][0]);
                key.getStyleClass().add("detail-key");
                Label val = new Label(rows[i][1]);
                val.getStyleClass().add("detail-value");
                ids.addRow(i, key, val);
            }
            Attributes at = d.attributes();
            attrs.getItems().setAll(at.values().keySet().stream()
                    .map(key -> Map.entry(key, at.text(key).orElse("null"))).toList());
            attrError.setText(at.valid() ? "" : at.error());
            String formatted = d.formattedSql();
            sql.setText(formatted == null ? "" : formatted);
            sql.setVisible(formatted != null);
            sql.setManaged(formatted != null);
            sqlLabel.setVisible(formatted != null);
            sqlLabel.setManaged(formatted != null);
            copySql.setDisable(formatted == null);
            StringBuilder ev = new StringBuilder();
            for (PerfSpanEvent e : d.events()) {
                Attributes ea = Attributes.parse(e.attributesJson());
                ev.append(e.name()).append('\n');
                if (ea.valid()) {
                    ea.values().keySet().forEach(key -> ev.append("  ").append(key).append(": ")
                            .append(ea.text(key).orElse("null").replace("\n", "\n    ")).append('\n'));
                } else {
                    ev.append("  ").append(ea.error()).append('\n');
                }
            }
            events.setText(ev.isEmpty() ? "(no events)" : ev.toString());
        });
        copyId.setOnAction(e -> copy(vm.detailsProperty().get() == null ? null : vm.detailsProperty().get().span().spanId()));
        copyAll.setOnAction(e -> copy(vm.detailsProperty().get() == null ? null : vm.detailsProperty().get().asText()));
        copySql.setOnAction(e -> copy(vm.detailsProperty().get() == null ? null : vm.detailsProperty().get().formattedSql()));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static void copy(String text) {
        if (text != null) {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
        }
    }

    // ------------------------------------------------------------------ findings, search, compare

    private TabPane tabs() {
        sideTabs.setId("sideTabs");
        sideTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        sideTabs.getTabs().setAll(new Tab("Findings", findingsPane()), new Tab("Search", searchPane()),
                new Tab("Compare", comparePane()));
        return sideTabs;
    }

    private VBox findingsPane() {
        ListView<Finding> list = new ListView<>(vm.findings());
        findingsList = list;
        list.setId("findingsList");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Finding f, boolean empty) {
                super.updateItem(f, empty);
                if (empty || f == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label cat = new Label(f.category().heading());
                cat.getStyleClass().add("finding-category");
                Label t = new Label(f.title());
                t.getStyleClass().add("finding-title");
                t.setWrapText(false);
                Label d = new Label(f.detail() + "   · " + f.spanIds().size() + " span" + (f.spanIds().size() == 1 ? "" : "s"));
                d.getStyleClass().add("finding-detail");
                VBox box = new VBox(1, cat, t, d);
                box.setMaxWidth(Double.MAX_VALUE);
                setGraphic(box);
                setText(null);
                pseudoClassStateChanged(ERROR, f.category() == Finding.Category.EXCEPTION);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> {
            currentFinding = f;
            findingIndex = 0;
            vm.showFinding(f, 0);
        });
        Button prev = new Button("◀ Previous span");
        prev.setId("findingPrev");
        prev.setOnAction(e -> vm.showFinding(currentFinding, --findingIndex));
        Button next = new Button("Next span ▶");
        next.setId("findingNext");
        next.setOnAction(e -> vm.showFinding(currentFinding, ++findingIndex));
        Label status = new Label();
        status.textProperty().bind(vm.findingsStatusProperty());
        HBox bar = new HBox(6, prev, next, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(4, list, bar);
        box.setPadding(new Insets(4));
        return box;
    }

    private VBox searchPane() {
        ListView<SpanRow> list = new ListView<>(vm.searchResults());
        list.setId("searchResults");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SpanRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.span().name() + "   " + Durations.format(r.span().durationNs())
                        + "   [" + r.span().status() + "]   " + r.spanId());
                pseudoClassStateChanged(ERROR, !empty && r != null && r.span().isError());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) {
                vm.reveal(r.spanId());
            }
        });
        Label status = new Label();
        status.setId("searchStatus");
        status.textProperty().bind(vm.searchStatusProperty());
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(4, status, list);
        box.setPadding(new Insets(4));
        return box;
    }

    private VBox comparePane() {
        ComboBox<RunSummary> other = new ComboBox<>(vm.runs());
        other.setId("compareRunChoice");
        other.setPromptText("another run of this file");
        other.setConverter(new StringConverter<>() {
            @Override
            public String toString(RunSummary r) {
                return r == null ? "" : r.runId() + String.format(Locale.ROOT, " (%,d spans)", r.spanCount());
            }

            @Override
            public RunSummary fromString(String s) {
                return null;
            }
        });
        Button runs = new Button("Compare runs");
        runs.setId("compareRunsButton");
        runs.setOnAction(e -> vm.compareWith(null, other.getValue() == null ? null : other.getValue().runId()));
        Button file = new Button("Compare with file…");
        file.setId("compareFileButton");
        file.setOnAction(e -> chooseFile().ifPresent(p -> vm.compareWith(p, null)));
        Label title = new Label();
        title.setId("compareTitle");
        title.textProperty().bind(vm.comparisonTitleProperty());
        TableView<RunComparison.Row> table = new TableView<>(vm.comparison());
        table.setId("compareTable");
        table.getColumns().setAll(List.of(
                col("Scope", 55, r -> r.scope() == RunComparison.Scope.ROUTE ? "route" : "span"),
                col("Name", 220, RunComparison.Row::name),
                col("Count A", 65, r -> String.valueOf(r.a().count())),
                col("Count B", 65, r -> String.valueOf(r.b().count())),
                col("p50 A", 75, r -> ms(r.a().p50Ns())),
                col("p50 B", 75, r -> ms(r.b().p50Ns())),
                col("Δ p50", 75, r -> delta(r, r.p50DeltaNs())),
                col("p95 A", 75, r -> ms(r.a().p95Ns())),
                col("p95 B", 75, r -> ms(r.b().p95Ns())),
                col("Δ p95", 75, r -> delta(r, r.p95DeltaNs()))));
        table.setPlaceholder(new Label("Compare this run with another run of the file or with another file."));
        HBox bar = new HBox(6, other, runs, file);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(4, bar, title, table);
        box.setPadding(new Insets(4));
        return box;
    }

    private static TableColumn<RunComparison.Row, String> col(String title, double width, Function<RunComparison.Row, String> f) {
        TableColumn<RunComparison.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(p -> new ReadOnlyStringWrapper(f.apply(p.getValue())));
        return c;
    }

    private static String ms(long ns) {
        return ns < 0 ? "-" : String.format(Locale.ROOT, "%.2f", ns / 1e6);
    }

    private static String delta(RunComparison.Row r, long ns) {
        if (r.a().count() == 0) {
            return "new";
        }
        if (r.b().count() == 0) {
            return "gone";
        }
        return String.format(Locale.ROOT, "%+.2f", ns / 1e6);
    }

    private java.util.Optional<Path> chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a dazzle perf trace");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Trace files (*.db)", "*.db"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path perfDir = Path.of(".dazzle", "perf");
        Path current = vm.pathProperty().get();
        if (current != null && current.toAbsolutePath().getParent() != null) {
            chooser.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        } else if (Files.isDirectory(perfDir)) {
            chooser.setInitialDirectory(perfDir.toAbsolutePath().toFile());
        }
        File f = chooser.showOpenDialog(owner.get() != null ? owner.get() : getScene() == null ? null : getScene().getWindow());
        return f == null ? java.util.Optional.empty() : java.util.Optional.of(f.toPath());
    }

    /** Selects a finding in the findings tab, which reveals its first span (as a click would). */
    public void selectFinding(Finding f) {
        sideTabs.getSelectionModel().select(0);
        findingsList.getSelectionModel().select(f);
        findingsList.scrollTo(f);
    }

    /** For tests: the tree control. */
    TreeTableView<SpanNode> treeTable() {
        return tree;
    }
}
