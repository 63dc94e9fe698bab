package com.dazzleops.console.app;

import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell's wiring: production banner, keyboard navigation, the remembered theme, a dead server's status. */
@ExtendWith(ApplicationExtension.class)
class ConsoleShellTest {

    @TempDir
    static Path tmp;

    private ConsoleServices services;

    @Start
    void start(Stage stage) {
        Path config = tmp.resolve("config-" + System.nanoTime());
        ServerRegistry seed = ServerRegistry.open(config.resolve("servers.json"));
        // port 9 (discard) has no HTTP server: these servers are down, which is fine for the shell
        seed.add(ServerProfile.create("dev-box", "http://127.0.0.1:9", Environment.DEV));
        seed.add(ServerProfile.create("invoice-prod-eu", "http://127.0.0.2:9", Environment.PRODUCTION).withReadOnly(true));
        services = ConsoleServices.open(config, tmp.resolve("data-" + System.nanoTime()),
                MonitorOptions.defaults().withInterval(Duration.ofMillis(300)).withMaxBackoff(Duration.ofMillis(600)));
        ConsoleWindow.show(stage, services, LaunchOptions.parse("--theme", "light"));
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    @Test
    void productionIsUnmistakable(FxRobot robot) {
        Label banner = robot.lookup("#envBanner").queryAs(Label.class);
        assertThat(banner.getText()).startsWith("DEVELOPMENT");
        @SuppressWarnings("unchecked")
        ListView<Object> list = robot.lookup("#serverList").queryAs(ListView.class);
        robot.clickOn(robot.from(list).lookup(".list-cell").nth(1).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(banner.getText()).startsWith("PRODUCTION").contains("invoice-prod-eu").contains("read-only");
        assertThat(banner.getParent().getPseudoClassStates().toString()).contains("production");
        assertThat(robot.lookup("#dashAppName").queryAs(Label.class).getScene().getWindow())
                .extracting(w -> ((Stage) w).getTitle()).asString().contains("invoice-prod-eu");
    }

    @Test
    void theDashboardsViewportIsNotCachedAsABitmap(FxRobot robot) {
        javafx.scene.Node n = robot.lookup("#dashAppName").query();
        while (n != null && !(n instanceof javafx.scene.control.ScrollPane)) {
            n = n.getParent();
        }
        assertThat(n).as("the dashboard's scroll pane").isNotNull();
        List<javafx.scene.Node> viewports = ((javafx.scene.control.ScrollPane) n).getChildrenUnmodifiable().stream()
                .filter(c -> c.getStyleClass().contains("viewport")).toList();
        // JavaFX's skin caches it, which re-renders the whole visible dashboard on every changed value
        assertThat(viewports).hasSize(1).allSatisfy(v -> assertThat(v.isCache()).isFalse());
    }

    @Test
    void keyboardShortcutsNavigate(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#fleetPage").query().isVisible()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#alertsPage").query().isVisible()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#fleetFilter").query().isFocused()).isTrue();
        robot.write("prod");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#fleetList").queryListView().getItems()).hasSize(1);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#dashboardPage").query().isVisible()).isTrue();
    }

    @Test
    void theThemeToggleIsRemembered(FxRobot robot) throws Exception {
        Path prefs = services.registry().file().resolveSibling("ui.properties");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Files.exists(prefs) && Files.readString(prefs).contains("theme=dark"));
        assertThat(javafx.application.Application.getUserAgentStylesheet()).contains("primer-dark");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Files.readString(prefs).contains("theme=light"));
    }

    @Test
    void aDeadServerIsShownDownWithItsBackoff(FxRobot robot) throws Exception {
        com.dazzleops.console.testing.FxWait.until("the status bar counts 2 down", 15, () ->
                robot.lookup("#statusFleet").queryAs(Label.class).getText().contains("2 down"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#statusSelected").queryAs(Label.class).getText())
                .startsWith("dev-box: no answer").contains("retry in");
        assertThat(robot.lookup("#check-DB_REACHABLE").query().getStyleClass()).contains("check-bad");
    }
}
