package com.dazzleops.console.dlq;

import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.fx.Controls;
import com.dazzleops.model.events.DLQEntry;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The DLQ browser: filters (topic on the server, consumer group here, how many), the entries newest first, the
 * selected entry's fields and event, and the replay button. Replay asks for confirmation, naming the server and its
 * environment (production in capitals and red); a read-only server's button stays disabled with the reason shown.
 */
public final class DlqView extends VBox {

    private final DlqViewModel vm;
    private final Supplier<Window> owner;
    private final TableView<DLQEntry> table = new TableView<>();

    public DlqView(DlqViewModel vm, Supplier<Window> owner) {
        this.vm = vm;
        this.owner = owner;
        getStyleClass().add("page");
        setId("dlqPage");
        setSpacing(8);

        Label title = new Label("Dead letters");
        title.getStyleClass().add("page-title");
        Label summary = new Label();
        summary.setId("dlqSummary");
        summary.getStyleClass().add("page-subtitle");
        summary.textProperty().bind(vm.summaryProperty());
        Label error = Controls.errorLabel("dlqError", vm.errorProperty());

        getChildren().addAll(new VBox(2, title, summary), filters(), error, body());
    }

    private HBox filters() {
        ComboBox<String> topic = Controls.filterCombo("dlqTopic", "all topics", vm.topics(), vm.topicProperty());
        ComboBox<String> group = Controls.filterCombo("dlqGroup", "all consumer groups", vm.groups(),
                vm.groupProperty());
        Spinner<Integer> limit = new Spinner<>(1, DlqViewModel.MAX_LIMIT, vm.getLimit(), 10);
        limit.setId("dlqLimit");
        limit.setEditable(true);
        limit.setPrefWidth(90);
        limit.valueProperty().addListener((o, a, b) -> vm.limitProperty().set(b));
        Tooltip.install(limit, new Tooltip("How many entries to list (Dazzle lists at most 100, newest first)"));

        Button refresh = new Button("Refresh", new FontIcon("mdi2r-refresh"));
        refresh.setId("dlqRefresh");
        refresh.setOnAction(e -> vm.refresh());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.loadingProperty());

        HBox bar = new HBox(8, new Label("Topic"), topic, new Label("Group"), group, new Label("Show"), limit,
                refresh, busy);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private SplitPane body() {
        table.setId("dlqTable");
        table.setItems(vm.entries());
        table.getColumns().add(Controls.column("Dead-lettered", e -> Controls.tableTime(e.createdAt()), 175));
        table.getColumns().add(Controls.column("Topic", DLQEntry::topic, 140));
        table.getColumns().add(Controls.column("Consumer group", DLQEntry::groupId, 200));
        table.getColumns().add(Controls.column("Reason", DLQEntry::reasonCode, 150));
        table.getColumns().add(Controls.column("Attempts", e -> Integer.toString(e.attempts()), 95));
        table.getColumns().add(Controls.column("Message", DLQEntry::reasonMessage, 260));
        Controls.lastColumnFlexes(table);
        table.setPlaceholder(new Label("No dead letters to show."));
        table.setRowFactory(t -> {
            TableRow<DLQEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    confirmAndReplay();
                }
            });
            return row;
        });
        Controls.bindSelection(table, vm.selectedProperty());

        SplitPane split = new SplitPane(table, details());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.7);
        VBox.setVgrow(split, Priority.ALWAYS);
        return split;
    }

    private VBox details() {
        Label heading = new Label("Selected entry");
        heading.getStyleClass().add("section-title");
        GridPane grid = Controls.detailGrid("dlqDetail",
                java.util.List.of("Event", "Topic", "Group", "Reason", "Attempts", "Dead-lettered", "Message"),
                java.util.List.<Function<DLQEntry, String>>of(DLQEntry::eventId, DLQEntry::topic, DLQEntry::groupId,
                        DLQEntry::reasonCode, e -> Integer.toString(e.attempts()),
                        e -> e.createdAt() == null ? "" : e.createdAt().toString(), DLQEntry::reasonMessage),
                vm.selectedProperty());

        TextArea event = new TextArea();
        event.setId("dlqEvent");
        event.setEditable(false);
        event.setWrapText(false);
        event.getStyleClass().add("mono");
        event.setStyle("-fx-font-family: monospace;");
        event.textProperty().bind(vm.eventTextProperty());
        VBox.setVgrow(event, Priority.ALWAYS);

        Button replay = new Button("Replay to group…", new FontIcon("mdi2r-replay"));
        replay.setId("replayButton");
        replay.getStyleClass().add("accent");
        replay.disableProperty().bind(vm.canReplay().not());
        replay.setOnAction(e -> confirmAndReplay());
        Button copy = new Button("Copy event id", new FontIcon("mdi2c-content-copy"));
        copy.setId("dlqCopyId");
        copy.disableProperty().bind(vm.selectedProperty().isNull());
        copy.setOnAction(e -> {
            DLQEntry sel = vm.getSelected();
            if (sel != null) {
                ClipboardContent c = new ClipboardContent();
                c.putString(sel.eventId());
                Clipboard.getSystemClipboard().setContent(c);
            }
        });
        ProgressIndicator replaying = new ProgressIndicator();
        replaying.setPrefSize(18, 18);
        replaying.visibleProperty().bind(vm.replayingProperty());
        HBox buttons = new HBox(8, replay, copy, replaying);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label blocked = new Label();
        blocked.setId("replayBlocked");
        blocked.getStyleClass().add("text-muted");
        blocked.setWrapText(true);
        blocked.textProperty().bind(vm.replayBlockedReasonProperty());

        Label outcome = new Label();
        outcome.setId("replayOutcome");
        outcome.setWrapText(true);
        outcome.setMinHeight(Region.USE_PREF_SIZE);
        vm.lastReplayProperty().addListener((o, a, b) -> {
            outcome.getStyleClass().removeAll("replay-ok", "panel-error");
            if (b == null) {
                outcome.setText("");
                return;
            }
            outcome.setText(b.text());
            outcome.getStyleClass().add(b.replayed() ? "replay-ok" : "panel-error");
        });

        Label eventHeading = new Label("Event (GET /_dazzle/events/event/{id})");
        eventHeading.getStyleClass().add("section-title");
        VBox box = new VBox(6, heading, grid, buttons, blocked, outcome, eventHeading, event);
        box.setPadding(new Insets(0, 0, 0, 10));
        box.setMinWidth(300);
        return box;
    }

    /** Asks, then replays: the question names the server, its environment and the group. */
    void confirmAndReplay() {
        if (!vm.isReplayAllowed()) {
            return;
        }
        DLQEntry e = vm.getSelected();
        ServerProfile p = vm.getServer();
        ButtonType go = new ButtonType("Replay", ButtonBar.ButtonData.OK_DONE);
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "", go, ButtonType.CANCEL);
        Window w = owner.get();
        if (w != null) {
            ask.initOwner(w);
        }
        boolean production = p.environment() == Environment.PRODUCTION;
        ask.setTitle("Replay dead letter");
        ask.setHeaderText((production ? "PRODUCTION: " : "") + "Replay event to " + e.groupId() + "?");
        ask.setContentText(String.format(Locale.ROOT,
                "Server: %s (%s, %s)%nEvent: %s%nTopic: %s%nFailed %d time(s): %s%n%n"
                        + "The server re-queues the event to the consumer group and removes the DLQ entry.",
                p.displayName(), p.environment().label(), p.baseUrlText(), e.eventId(), e.topic(), e.attempts(),
                e.reasonMessage()));
        if (production) {
            ask.getDialogPane().setStyle("-fx-border-color: " + p.colour() + "; -fx-border-width: 4;");
        }
        ask.getDialogPane().setId("replayConfirm");
        if (ask.showAndWait().filter(go::equals).isPresent()) {
            vm.replaySelected();
        }
    }

    TableView<DLQEntry> table() {
        return table;
    }
}
