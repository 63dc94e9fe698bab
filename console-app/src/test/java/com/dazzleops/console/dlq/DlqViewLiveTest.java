package com.dazzleops.console.dlq;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.client.OkHttpTransport;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.fx.FxUi;
import com.dazzleops.console.testing.FxWait;
import com.dazzleops.console.testing.LiveServer;
import com.dazzleops.model.events.DLQEntry;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DLQ browser against a real runtime-server on port 0: a settlement whose payments fail permanently exhausts
 * its retry budget and lands in the DLQ; the operator sees it in the table, selects it, reads the event, clicks
 * Replay and confirms; the entry leaves the DLQ and the re-queued settlement pays the invoice.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DlqViewLiveTest {

    static LiveServer live;
    static OkHttpTransport transport;
    static ScheduledExecutorService background;
    static String invoiceId;

    DlqViewModel vm;

    @BeforeAll
    static void boot() throws Exception {
        live = LiveServer.start();
        transport = new OkHttpTransport();
        background = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "dlq-test-bg");
            t.setDaemon(true);
            return t;
        });
        invoiceId = live.deadLetteredSettlement("DLQ-UI-1");
    }

    static ServerProfile profile(boolean readOnly) {
        return live.profile("live-staging", readOnly);
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
        transport.close();
        live.close();
    }

    @Start
    void start(Stage stage) {
        vm = new DlqViewModel(background, FxUi.EXECUTOR, p -> new DazzleClient(p, transport));
        stage.setScene(new Scene(new DlqView(vm, () -> stage), 1200, 700));
        stage.show();
    }

    @SuppressWarnings("unchecked")
    private static TableView<DLQEntry> table(FxRobot robot) {
        return robot.lookup("#dlqTable").queryAs(TableView.class);
    }

    /** The first row that shows an entry (the table also keeps empty and spare row cells). */
    private static Node firstRow(FxRobot robot) {
        return robot.lookup(".table-row-cell").match(n -> n instanceof javafx.scene.control.TableRow<?> r
                && r.getItem() != null && r.isVisible() && r.getIndex() == 0).query();
    }

    private static boolean listed(FxRobot robot) {
        return table(robot).getItems().stream().anyMatch(e -> e.groupId().equals("settle_invoice")
                && e.reasonMessage().contains("Insufficient funds"));
    }

    @Test
    @Order(1)
    void readOnlyServersListButDoNotReplay(FxRobot robot) throws Exception {
        robot.interact(() -> vm.serverProperty().set(profile(true)));
        FxWait.until("the entry listed", 20, () -> listed(robot));
        robot.clickOn(firstRow(robot));
        FxWait.until("selected", 10, () -> vm.selectedProperty().get() != null);
        assertThat(robot.lookup("#replayButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#replayBlocked").queryAs(Label.class).getText()).contains("read-only");
    }

    @Test
    @Order(2)
    void selectAnEntryReadItsEventReplayItAndSeeTheInvoicePaid(FxRobot robot) throws Exception {
        robot.interact(() -> vm.serverProperty().set(profile(false)));
        FxWait.until("the entry listed", 20, () -> listed(robot));
        assertThat(robot.lookup("#dlqSummary").queryAs(Label.class).getText()).contains("dead letters");
        assertThat(live.invoiceStatus(invoiceId)).isEqualTo("approved");

        robot.clickOn(robot.lookup("#dlqGroup .text-field").queryAs(Node.class)).write("settle_invoice").type(javafx.scene.input.KeyCode.ENTER);
        FxWait.until("filtered to settle_invoice", 10, () -> table(robot).getItems().stream()
                .allMatch(e -> e.groupId().equals("settle_invoice")));
        robot.clickOn(firstRow(robot));
        javafx.scene.control.TextArea event = robot.lookup("#dlqEvent").queryAs(javafx.scene.control.TextArea.class);
        try {
            FxWait.until("the event loaded", 20, () -> event.getText().contains("InvoiceApproved"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the event pane shows: " + event.getText() + "; selected "
                    + vm.selectedProperty().get() + "; rows " + table(robot).getItems() + "; group "
                    + vm.groupProperty().get() + "; table selection " + table(robot).getSelectionModel().getSelectedItem(), e);
        }
        DLQEntry entry = vm.selectedProperty().get();
        assertThat(robot.lookup("#dlqDetailEvent").queryAs(Label.class).getText()).isEqualTo(entry.eventId());

        robot.clickOn("#replayButton");
        FxWait.until("the confirmation", 10, () -> robot.lookup("#replayConfirm").tryQuery().isPresent());
        assertThat(robot.lookup("#replayConfirm").queryAs(javafx.scene.control.DialogPane.class).getHeaderText())
                .isEqualTo("Replay event to settle_invoice?");
        robot.clickOn("Replay");

        FxWait.until("replayed", 20, () -> robot.lookup("#replayOutcome").queryAs(Label.class).getText()
                .contains("replayed successfully"));
        FxWait.until("the entry left the list", 20, () -> table(robot).getItems().stream()
                .noneMatch(e -> e.eventId().equals(entry.eventId()) && e.groupId().equals("settle_invoice")));
        LiveServer.await("the re-queued settlement paid the invoice", 30, () -> "paid".equals(live.invoiceStatus(invoiceId)));
    }
}
