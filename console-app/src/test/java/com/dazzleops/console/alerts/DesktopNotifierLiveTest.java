package com.dazzleops.console.alerts;

import com.dazzleops.console.core.alerts.AlertEvent;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.testing.FxWait;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Popup;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real ControlsFX notifications on a real window: alert events that trickle in over a few seconds (a fleet-wide
 * incident seen through staggered polls) make one notification once they stop, not one per gathering window.
 */
@ExtendWith(ApplicationExtension.class)
class DesktopNotifierLiveTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "notifier-test-timer");
        t.setDaemon(true);
        return t;
    });
    private DesktopNotifier notifier;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Label("console"), 900, 600));
        stage.show();
        notifier = new DesktopNotifier(() -> stage, timer, Platform::runLater);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        WaitForAsyncUtils.asyncFx(() -> notifications().forEach(Window::hide));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The ControlsFX notification popups showing now (FX thread). */
    private static List<Popup> notifications() {
        return Window.getWindows().stream().filter(w -> w instanceof Popup).map(w -> (Popup) w)
                .filter(p -> p.getContent().stream().anyMatch(DesktopNotifierLiveTest::isNotification)).toList();
    }

    private static boolean isNotification(Node n) {
        return n.getStyleClass().contains("notification-bar")
                || n instanceof javafx.scene.Parent p && p.getChildrenUnmodifiable().stream()
                .anyMatch(DesktopNotifierLiveTest::isNotification);
    }

    private static AlertEvent raised(int server) {
        return new AlertEvent(AlertEvent.Kind.RAISED, T, "id-" + server, "srv-" + server, CheckId.NO_DLQ_EVENTS,
                CheckLevel.BAD, "3 dead letters", "", T.minusSeconds(30));
    }

    @Test
    void eventsTricklingInOverSecondsMakeOneNotification() throws Exception {
        // ten servers raise, one every 400 ms (well under the 1.5-s quiet spell, so a stalled test thread does not end
        // the burst early; over the old fixed 700-ms window): 3.6 s from first to last
        for (int i = 1; i <= 10; i++) {
            int server = i;
            WaitForAsyncUtils.asyncFx(() -> notifier.notify(raised(server))).get(5, TimeUnit.SECONDS);
            assertThat(WaitForAsyncUtils.asyncFx(DesktopNotifierLiveTest::notifications).get(5, TimeUnit.SECONDS))
                    .as("nothing shown while events keep coming (event %d)", i).isEmpty();
            Thread.sleep(400);
        }
        FxWait.until("a notification shows", 10, () -> !notifications().isEmpty());
        Thread.sleep(2500); // any later popup of the same burst would be up by now
        List<String> shown = WaitForAsyncUtils.asyncFx(() -> notifications().stream()
                .map(p -> texts(p.getContent().get(0))).toList()).get(5, TimeUnit.SECONDS);
        assertThat(shown).as("one notification for the whole burst").hasSize(1);
        assertThat(shown.get(0)).contains("10 servers: 10 checks bad").contains("srv-1").contains("No DLQ events");
    }

    /** Every label's text under a node, joined. */
    private static String texts(Node n) {
        StringBuilder sb = new StringBuilder();
        if (n instanceof javafx.scene.control.Labeled l && l.getText() != null) {
            sb.append(l.getText()).append('\n');
        }
        if (n instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> sb.append(texts(c)));
        }
        return sb.toString();
    }
}
