package com.dazzleops.console.app;

import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.server.RuntimeServer;
import com.dazzleops.server.ServerConfig;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole console against a real runtime-server on port 0: add the server through the dialog (typing into the
 * real fields, clicking the real button), watch the tiles turn OK; stop the server, watch them turn BAD and stale
 * while the window stays responsive; restart it on the same port and data dir, watch it recover.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleWindowLiveTest {

    @TempDir
    static Path tmp;

    private RuntimeServer server;
    private ConsoleServices services;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) {
        services = ConsoleServices.open(tmp.resolve("config"), tmp.resolve("data"),
                MonitorOptions.defaults().withInterval(Duration.ofMillis(500)).withMaxBackoff(Duration.ofSeconds(1)));
        window = ConsoleWindow.show(stage, services, LaunchOptions.defaults());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (services != null) {
            services.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static ServerConfig config(int port, Path dataDir) {
        return ServerConfig.builder().port(port).dataDir(dataDir).demo(false).build();
    }

    private boolean tileHas(FxRobot robot, CheckId id, String styleClass) {
        Node tile = robot.lookup("#check-" + id.name()).query();
        return tile.getStyleClass().contains(styleClass);
    }

    private void waitUntil(String what, int seconds, java.util.concurrent.Callable<Boolean> condition) throws TimeoutException {
        com.dazzleops.console.testing.FxWait.until(what, seconds, condition);
    }

    @Test
    void addServerSeeItHealthyLoseItAndGetItBack(FxRobot robot) throws Exception {
        Path serverData = tmp.resolve("server");
        server = RuntimeServer.start(config(0, serverData));
        int port = server.port();

        // add it through the real dialog
        robot.clickOn("#addServerButton");
        robot.clickOn("#serverUrl").write("localhost:" + port);
        assertThat(robot.lookup("#urlError").queryAs(Label.class).getText()).contains("only http:// and https://");
        assertThat(robot.lookup("#saveServer").queryButton().isDisabled()).isTrue();
        robot.doubleClickOn("#serverUrl").eraseText(("localhost:" + port).length());
        robot.write(server.baseUrl());
        robot.clickOn("#serverName").write("live-test");
        assertThat(robot.lookup("#saveServer").queryButton().isDisabled()).isFalse();
        robot.clickOn("#saveServer");

        waitUntil("the server is in the registry", 10, () -> services.registry().list().size() == 1);
        assertThat(services.registry().list().get(0).displayName()).isEqualTo("live-test");

        // the tiles turn OK
        waitUntil("DB reachable and event bus running are OK", 60, () ->
                tileHas(robot, CheckId.DB_REACHABLE, "check-ok") && tileHas(robot, CheckId.EVENT_BUS_RUNNING, "check-ok"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#dashAppName").queryAs(Label.class).getText()).isEqualTo("invoice_ops");
        assertThat(robot.lookup("#staleBanner").query().isVisible()).isFalse();

        // the server goes away: BAD and stale, last known values kept, the window still answers
        server.close();
        server = null;
        waitUntil("the tiles turn bad and stale", 30, () ->
                tileHas(robot, CheckId.DB_REACHABLE, "check-bad") && tileHas(robot, CheckId.DB_REACHABLE, "check-stale"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#staleBanner").query().isVisible()).isTrue();
        assertThat(robot.lookup("#staleMessage").queryAs(Label.class).getText()).contains("not answering");
        assertThat(robot.lookup("#dashAppName").queryAs(Label.class).getText()).isEqualTo("invoice_ops");

        robot.clickOn("#nav-fleet");
        waitUntil("the fleet page shows the server as down", 10, () ->
                robot.lookup("#fleetSummary").queryAs(Label.class).getText().contains("1 down"));
        robot.clickOn("#nav-dashboard");
        assertThat(robot.lookup("#dashboardPage").query().isVisible()).isTrue();

        // back on the same port and data dir: it recovers
        server = RuntimeServer.start(config(port, serverData));
        waitUntil("the tiles recover", 60, () ->
                tileHas(robot, CheckId.DB_REACHABLE, "check-ok") && !tileHas(robot, CheckId.DB_REACHABLE, "check-stale"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#staleBanner").query().isVisible()).isFalse();
        assertThat(robot.lookup("#statusSelected").queryAs(Label.class).getText()).contains("live-test").contains("up");
    }
}
