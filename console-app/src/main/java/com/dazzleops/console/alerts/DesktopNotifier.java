package com.dazzleops.console.alerts;

import com.dazzleops.console.core.alerts.AlertEvent;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/** Raised alerts as ControlsFX desktop notifications (warning style), cleared ones as short information ones. */
public final class DesktopNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(DesktopNotifier.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Supplier<Window> owner;

    public DesktopNotifier(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void notify(AlertEvent e) {
        Window w = owner.get();
        if (w == null || !w.isShowing()) {
            return;
        }
        try {
            String since = e.since() == null ? "" : TIME.format(e.since().atZone(ZoneId.systemDefault()));
            Notifications n = Notifications.create()
                    .owner(w)
                    .position(Pos.TOP_RIGHT)
                    .title(e.serverName() + ": " + e.check().title())
                    .hideAfter(Duration.seconds(e.kind() == AlertEvent.Kind.RAISED ? 12 : 6));
            if (e.kind() == AlertEvent.Kind.RAISED) {
                n.text(e.level() + (e.value().isBlank() ? "" : " — " + e.value())
                        + (since.isEmpty() ? "" : "\nbad since " + since)).showError();
            } else {
                n.text("recovered" + (e.value().isBlank() ? "" : " — " + e.value())).showInformation();
            }
        } catch (RuntimeException ex) {
            LOG.warn("could not show a notification for {}: {}", e.headline(), ex.toString());
        }
    }
}
