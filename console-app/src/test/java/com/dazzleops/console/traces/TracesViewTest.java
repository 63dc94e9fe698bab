package com.dazzleops.console.traces;

import com.dazzleops.console.shell.Theme;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import com.dazzleops.perf.read.SpanRow;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The traces view in its own stage (headless Monocle), on a real generated trace file, with a real background
 * thread: open, expand with the keyboard, search by typing and clicking, reveal a result, read its attributes and
 * events; a bad file shows its message.
 */
@ExtendWith(ApplicationExtension.class)
class TracesViewTest {

    @TempDir
    static Path dir;
    static Path file;
    static TraceGenerator.Summary summary;
    static ExecutorService background;

    private TracesView view;
    private TraceViewModel vm;

    @BeforeAll
    static void generate() throws Exception {
        file = dir.resolve("20261125-040000-5eed0001.db");
        summary = TraceGenerator.generate(file, GeneratorOptions.defaults(3_000).withCycles(true).withOrphans(3).withFanout(250));
        background = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
    }

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        // pages of 100 children: the wide request (250 children) shows two "more" rows in turn
        vm = new TraceViewModel(background, Platform::runLater, new RecentFiles(dir.resolve("config")), TraceViewModel.PAGE, 100);
        view = new TracesView(vm, () -> stage);
        stage.setScene(new Scene(view, 1200, 760));
        stage.show();
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws TimeoutException {
        com.dazzleops.console.testing.FxWait.until(what, 60, condition);
    }

    private TreeTableView<SpanNode> tree(FxRobot robot) {
        return robot.lookup("#spanTree").queryAs(TreeTableView.class);
    }

    private void openAndWait(FxRobot robot) throws TimeoutException {
        robot.interact(() -> vm.open(file));
        waitUntil("the first level and the orphan group are shown", () -> tree(robot).getRoot().getChildren().stream()
                .anyMatch(i -> i.getValue().kind() == SpanNode.Kind.ORPHAN_GROUP));
        waitUntil("findings are computed", () -> !vm.findings().isEmpty());
    }

    @Test
    void openExpandSearchSelectAndReadAttributes(FxRobot robot) throws Exception {
        openAndWait(robot);
        TreeTableView<SpanNode> tree = tree(robot);
        assertThat(tree.getRoot().getChildren().get(0).getValue().label()).isEqualTo("dsl.parse");
        assertThat(robot.lookup("#integrityNote").queryAs(Label.class).getText()).contains("orphaned").contains("cycle");
        assertThat(tree.getRoot().getChildren()).anyMatch(i -> i.getValue().kind() == SpanNode.Kind.CYCLE_GROUP);

        // expand the wide request with the keyboard: its children load on demand
        TreeItem<SpanNode> wide = tree.getRoot().getChildren().stream()
                .filter(i -> summary.fanoutParentId().equals(i.getValue().spanId())).findFirst().orElseThrow();
        assertThat(wide.getChildren()).isEmpty();
        robot.interact(() -> {
            int row = tree.getRow(wide);
            tree.scrollTo(row);
            tree.getSelectionModel().select(row);
            tree.requestFocus();
        });
        robot.type(KeyCode.RIGHT);
        waitUntil("the first 100 children and a 'more' row are shown", () -> wide.isExpanded() && wide.getChildren().size() == 101);
        assertThat(wide.getChildren().get(0).getValue().label()).isEqualTo("SELECT");
        assertThat(wide.getChildren().get(100).getValue().label()).isEqualTo("… 150 more children");
        assertThat(wide.getChildren().get(100).getValue().hint()).isEqualTo("expand to load 100 more");
        TreeItem<SpanNode> firstChild = wide.getChildren().get(0);
        // expanding the "more" row replaces it with the next page; the items shown before stay as they are
        robot.interact(() -> wide.getChildren().get(100).setExpanded(true));
        waitUntil("200 children and a 'more' row", () -> wide.getChildren().size() == 201);
        robot.interact(() -> wide.getChildren().get(200).setExpanded(true));
        waitUntil("the 250 children are loaded", () -> wide.getChildren().size() == 250);
        assertThat(wide.getChildren().get(0)).isSameAs(firstChild);
        assertThat(wide.getChildren()).allMatch(i -> i.getValue().kind() == SpanNode.Kind.SPAN && i.isLeaf());
        assertThat(wide.getChildren().stream().map(i -> i.getValue().spanId()).distinct().count()).isEqualTo(250);
        waitUntil("the selected request's details are shown",
                () -> robot.lookup("#detailName").queryAs(Label.class).getText().startsWith("GET /invoices/export"));

        // search: type a name, tick errors only, click Search
        robot.clickOn("#searchName").write("UPDATE");
        robot.clickOn("#errorsOnly");
        robot.clickOn("#searchButton");
        ListView<SpanRow> results = robot.lookup("#searchResults").queryAs(ListView.class);
        waitUntil("search results", () -> !results.getItems().isEmpty());
        assertThat(results.getItems()).allMatch(r -> r.span().name().equals("UPDATE") && r.span().isError());

        // click the first result: the tree opens down to it and the details show its attributes and events
        robot.clickOn(robot.lookup("#searchResults .list-cell").nth(0).queryLabeled());
        String target = results.getItems().get(0).spanId();
        waitUntil("the result is selected in the tree", () -> {
            TreeItem<SpanNode> sel = tree.getSelectionModel().getSelectedItem();
            return sel != null && target.equals(sel.getValue().spanId());
        });
        waitUntil("its details are shown", () -> vm.detailsProperty().get() != null
                && target.equals(vm.detailsProperty().get().span().spanId()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#detailName").queryAs(Label.class).getText()).isEqualTo("UPDATE   [error]");
        TableView<Map.Entry<String, String>> attrs = robot.lookup("#detailAttributes").queryAs(TableView.class);
        assertThat(attrs.getItems()).anySatisfy(e -> {
            assertThat(e.getKey()).isEqualTo("db.statement");
            assertThat(e.getValue()).startsWith("UPDATE \"invoice\" SET status = 'approved'");
        });
        assertThat(robot.lookup("#detailSql").queryAs(TextArea.class).getText()).contains("\nSET status");
        assertThat(robot.lookup("#detailEvents").queryAs(TextArea.class).getText())
                .contains("exception.message: " + TraceGenerator.FAILURE_MESSAGE);
    }

    @Test
    void aFindingRevealsItsSpan(FxRobot robot) throws Exception {
        openAndWait(robot);
        ListView<?> findings = robot.lookup("#findingsList").queryAs(ListView.class);
        waitUntil("findings are listed", () -> !findings.getItems().isEmpty());
        waitUntil("finding cells are laid out", () -> robot.lookup("#findingsList .list-cell").queryAll().stream()
                .anyMatch(n -> ((javafx.scene.control.ListCell<?>) n).getItem() != null));
        robot.clickOn((javafx.scene.Node) robot.lookup("#findingsList .list-cell").nth(0).query());
        String first = vm.findings().get(0).spanIds().get(0);
        waitUntil("the finding's first span is selected", () -> {
            TreeItem<SpanNode> sel = tree(robot).getSelectionModel().getSelectedItem();
            return sel != null && first.equals(sel.getValue().spanId());
        });
    }

    @Test
    void aBadFileShowsItsMessage(FxRobot robot) throws Exception {
        Path junk = Files.writeString(dir.resolve("notes.db"), "this is a text file");
        robot.interact(() -> vm.open(junk));
        Label banner = robot.lookup("#errorMessage").queryAs(Label.class);
        waitUntil("the error banner is shown", banner::isVisible);
        assertThat(banner.getText()).contains("notes.db is not a SQLite database");
        assertThat(tree(robot).getRoot().getChildren()).isEmpty();

        Path truncated = dir.resolve("cut.db");
        byte[] all = Files.readAllBytes(file);
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 3 + 7));
        robot.interact(() -> vm.open(truncated));
        waitUntil("the truncated message", () -> banner.getText() != null && banner.getText().contains("cut.db is truncated"));
    }
}
