package com.dazzleops.console.app;

import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.console.jobs.JobsViewModel;
import com.dazzleops.console.testing.FxWait;
import com.dazzleops.console.testing.LiveServer;
import com.dazzleops.model.events.DLQEntry;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console window's operations pages against a real runtime-server: the server is in the registry, the operator
 * opens "Dead letters" and "Jobs" from the navigation and sees that server's dead-lettered settlement in both, and
 * switching pages stops and starts their refresh.
 */
@ExtendWith(ApplicationExtension.class)
class OperationsPagesLiveTest {

    @TempDir
    static Path tmp;

    static LiveServer live;
    static String invoiceId;

    private ConsoleServices services;

    @BeforeAll
    static void boot() throws Exception {
        live = LiveServer.start();
        invoiceId = live.deadLetteredSettlement("OPS-PAGES-1");
        live.approvedInvoice("OPS-PAGES-2", null);
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    @Start
    void start(Stage stage) {
        services = ConsoleServices.open(tmp.resolve("config"), tmp.resolve("data"),
                MonitorOptions.defaults().withInterval(Duration.ofMillis(500)));
        services.registry().add(live.profile("ops-live", false));
        ConsoleWindow.show(stage, services, LaunchOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void deadLettersAndJobsPagesShowTheSelectedServer(FxRobot robot) throws Exception {
        robot.clickOn("#nav-dlq");
        FxWait.until("the DLQ page lists the dead-lettered settlement", 30, () -> robot.lookup("#dlqTable")
                .queryAs(TableView.class).getItems().stream().anyMatch(e -> ((DLQEntry) e).groupId()
                        .equals("settle_invoice") && ((DLQEntry) e).reasonMessage().contains(invoiceId)));
        assertThat(robot.lookup("#dlqSummary").queryAs(Label.class).getText()).contains("dead letters");

        robot.clickOn("#nav-jobs");
        FxWait.until("the Jobs page lists settle_invoice runs, the dead-lettered one among them", 30, () -> {
            TableView<JobsViewModel.Row> t = robot.lookup("#jobsTable").queryAs(TableView.class);
            return t.getItems().stream().anyMatch(r -> r.jobName().equals("settle_invoice")
                    && r.status().equals("dead_letter") && r.failed())
                    && t.getItems().stream().anyMatch(r -> r.status().equals("completed"));
        });
        assertThat(robot.lookup("#jobsSource").queryAs(Label.class).getText()).isEqualTo("GET /_dazzle/jobs/runs?limit=100");
        assertThat(robot.lookup("#jobsTotalRuns").queryAs(Label.class).getText()).isNotBlank();
        assertThat(robot.lookup("#jobsDeadLetters").queryAs(Label.class).getText()).isNotEqualTo("0");

        // only the failed runs
        robot.clickOn("#jobsScope").clickOn(JobsViewModel.Scope.FAILED.toString());
        FxWait.until("only failed runs listed", 20, () -> {
            TableView<JobsViewModel.Row> t = robot.lookup("#jobsTable").queryAs(TableView.class);
            return !t.getItems().isEmpty() && t.getItems().stream().allMatch(JobsViewModel.Row::failed)
                    && robot.lookup("#jobsSource").queryAs(Label.class).getText().contains("dead-letter");
        });
    }
}
