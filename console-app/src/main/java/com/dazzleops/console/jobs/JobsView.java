package com.dazzleops.console.jobs;

import com.dazzleops.console.fx.Controls;
import com.dazzleops.console.jobs.JobsViewModel.Row;
import com.dazzleops.console.jobs.JobsViewModel.Scope;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.jobs.JobsStatus;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Jobs page's view: the jobs summary chips, filters (newest or failed runs, job, status, how many), the runs
 * table with failed runs tinted and stuck runs marked, and the selected run's details (error and, from the CRUD list,
 * payload).
 */
public final class JobsView extends VBox {

    private static final javafx.css.PseudoClass STUCK = javafx.css.PseudoClass.getPseudoClass("stuck");
    private static final javafx.css.PseudoClass FAILED = javafx.css.PseudoClass.getPseudoClass("failed");

    private final JobsViewModel vm;
    private final TableView<Row> table = new TableView<>();

    public JobsView(JobsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("page");
        setId("jobsPage");
        setSpacing(8);

        Label title = new Label("Jobs");
        title.getStyleClass().add("page-title");
        Label summary = new Label();
        summary.setId("jobsSummary");
        summary.getStyleClass().add("page-subtitle");
        summary.textProperty().bind(vm.summaryProperty());
        Label error = Controls.errorLabel("jobsError", vm.errorProperty());
        getChildren().addAll(new VBox(2, title, summary), chips(), filters(), error, body());
    }

    private HBox chips() {
        HBox box = new HBox(8);
        box.setId("jobsChips");
        box.setAlignment(Pos.CENTER_LEFT);
        Runnable fill = () -> {
            box.getChildren().clear();
            JobsStatus s = vm.getStatus();
            if (s == null) {
                String why = vm.getStatusError();
                if (why != null) {
                    Label l = new Label("Jobs summary: " + why);
                    l.getStyleClass().add("text-muted");
                    box.getChildren().add(l);
                }
                return;
            }
            box.getChildren().add(Controls.chip("Jobs declared", constant(Integer.toString(s.jobsDeclared())),
                    "jobsDeclared"));
            box.getChildren().add(Controls.chip("Runs", constant(String.format(Locale.ROOT, "%,d", s.totalRuns())),
                    "jobsTotalRuns"));
            for (Map.Entry<String, Long> e : s.runsByStatus().entrySet()) {
                box.getChildren().add(Controls.chip(e.getKey(), constant(String.format(Locale.ROOT, "%,d", e.getValue())),
                        "jobsStatus-" + e.getKey()));
            }
            box.getChildren().add(Controls.chip("Dead letters", constant(String.format(Locale.ROOT, "%,d",
                    s.deadLetterCount())), "jobsDeadLetters"));
        };
        vm.statusProperty().addListener((o, a, b) -> fill.run());
        vm.statusErrorProperty().addListener((o, a, b) -> fill.run());
        fill.run();
        return box;
    }

    private static ObservableStringValue constant(String s) {
        return new javafx.beans.property.ReadOnlyStringWrapper(s);
    }

    private HBox filters() {
        ChoiceBox<Scope> scope = new ChoiceBox<>();
        scope.setId("jobsScope");
        scope.getItems().setAll(Scope.values());
        scope.valueProperty().bindBidirectional(vm.scopeProperty());
        ComboBox<String> job = Controls.filterCombo("jobsJob", "all jobs", vm.jobNames(), vm.jobFilterProperty());
        ComboBox<String> status = Controls.filterCombo("jobsStatusFilter", "all statuses", vm.statuses(),
                vm.statusFilterProperty());
        status.setPrefWidth(160);
        Spinner<Integer> limit = new Spinner<>(1, JobsViewModel.MAX_LIMIT, vm.getLimit(), 10);
        limit.setId("jobsLimit");
        limit.setEditable(true);
        limit.setPrefWidth(90);
        limit.valueProperty().addListener((o, a, b) -> vm.limitProperty().set(b));
        Button refresh = new Button("Refresh", new FontIcon("mdi2r-refresh"));
        refresh.setId("jobsRefresh");
        refresh.setOnAction(e -> vm.refresh());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.loadingProperty());
        Label source = new Label();
        source.setId("jobsSource");
        source.getStyleClass().add("text-muted");
        source.textProperty().bind(vm.sourceProperty());
        HBox bar = new HBox(8, scope, new Label("Job"), job, new Label("Status"), status, new Label("Show"), limit,
                refresh, busy, source);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private SplitPane body() {
        table.setId("jobsTable");
        table.setItems(vm.rows());
        table.getColumns().add(Controls.column("Created", r -> Controls.tableTime(r.createdAt()), 175));
        table.getColumns().add(Controls.column("Job", Row::jobName, 160));
        table.getColumns().add(Controls.column("Status", r -> r.status() + (r.stuck() ? "  (stuck)" : ""), 130));
        table.getColumns().add(Controls.column("Attempt", r -> Integer.toString(r.attempt()), 90));
        table.getColumns().add(Controls.column("Duration", r -> duration(r.durationMs()), 90));
        table.getColumns().add(Controls.column("Error", r -> r.errorMessage() == null ? "" : r.errorMessage(), 360));
        Controls.lastColumnFlexes(table);
        table.setPlaceholder(new Label("No job runs to show."));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Row item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(STUCK, !empty && item != null && item.stuck());
                pseudoClassStateChanged(FAILED, !empty && item != null && item.failed());
            }
        });
        Controls.bindSelection(table, vm.selectedProperty());
        SplitPane split = new SplitPane(table, details());
        split.setDividerPositions(0.7);
        VBox.setVgrow(split, Priority.ALWAYS);
        return split;
    }

    private VBox details() {
        Label heading = new Label("Selected run");
        heading.getStyleClass().add("section-title");
        GridPane grid = Controls.detailGrid("jobDetail",
                java.util.List.of("Run", "Job", "Status", "Attempt", "Created", "Started", "Finished", "Duration"),
                java.util.List.<Function<Row, String>>of(Row::id, Row::jobName,
                        r -> r.status() + (r.stuck() ? " (stuck: pending or running for "
                                + JobsViewModel.STUCK_AFTER.toMinutes() + " min or more)" : ""),
                        r -> Integer.toString(r.attempt()), r -> text(r.createdAt()), r -> text(r.startedAt()),
                        r -> text(r.finishedAt()), r -> duration(r.durationMs())),
                vm.selectedProperty());
        TextArea more = new TextArea();
        more.setId("jobDetailText");
        more.setEditable(false);
        more.setWrapText(true);
        more.setStyle("-fx-font-family: monospace;");
        more.textProperty().bind(Bindings.createStringBinding(() -> {
            Row r = vm.getSelected();
            if (r == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            sb.append("Error:\n").append(r.errorMessage() == null ? "(none)" : r.errorMessage()).append("\n\n");
            sb.append("Payload:\n").append(r.payload() == null
                    ? "(the jobs explorer does not return payloads; the JobRun list does)" : r.payload());
            return sb.toString();
        }, vm.selectedProperty()));
        VBox.setVgrow(more, Priority.ALWAYS);
        VBox box = new VBox(6, heading, grid, more);
        box.setPadding(new Insets(0, 0, 0, 10));
        box.setMinWidth(280);
        return box;
    }

    static String text(WireTime t) {
        return t == null ? "" : t.toString();
    }

    static String duration(Long ms) {
        if (ms == null) {
            return "";
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }

    TableView<Row> table() {
        return table;
    }
}
