package com.dazzleops.console.alerts;

import com.dazzleops.console.core.alerts.AlertEvent;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Raised alerts as ControlsFX desktop notifications (error style), cleared ones as short information ones.
 * Events that arrive together (a server going down raises all six checks at once) are gathered for a moment and
 * shown as one notification per server and kind, not six.
 */
public final class DesktopNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(DesktopNotifier.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Supplier<Window> owner;
    private final List<AlertEvent> pending = new ArrayList<>();
    private final PauseTransition gather = new PauseTransition(Duration.millis(700));

    public DesktopNotifier(Supplier<Window> owner) {
        this.owner = owner;
        gather.setOnFinished(e -> flush());
    }

    /** Called on the FX thread. */
    @Override
    public void notify(AlertEvent e) {
        pending.add(e);
        if (pending.size() == 1) {
            gather.playFromStart();
        }
    }

    private void flush() {
        List<AlertEvent> batch = new ArrayList<>(pending);
        pending.clear();
        Map<String, List<AlertEvent>> groups = new LinkedHashMap<>();
        for (AlertEvent e : batch) {
            groups.computeIfAbsent(e.serverId() + "|" + e.kind(), k -> new ArrayList<>()).add(e);
        }
        groups.values().forEach(this::show);
    }

    private void show(List<AlertEvent> events) {
        Window w = owner.get();
        if (w == null || !w.isShowing()) {
            return;
        }
        AlertEvent first = events.get(0);
        boolean raised = first.kind() == AlertEvent.Kind.RAISED;
        String title;
        String text;
        if (events.size() == 1) {
            title = first.serverName() + ": " + first.check().title();
            String since = first.since() == null ? "" : TIME.format(first.since().atZone(ZoneId.systemDefault()));
            text = raised
                    ? first.level() + (first.value().isBlank() ? "" : " — " + first.value()) + (since.isEmpty() ? "" : "\nbad since " + since)
                    : "recovered" + (first.value().isBlank() ? "" : " — " + first.value());
        } else {
            title = first.serverName() + ": " + events.size() + (raised ? " checks bad" : " checks recovered");
            text = events.stream().map(e -> e.check().title()).collect(Collectors.joining(", "))
                    + (raised && !first.value().isBlank() ? "\n" + first.value() : "");
        }
        try {
            Notifications n = Notifications.create().owner(w).position(Pos.TOP_RIGHT).title(title).text(text)
                    .hideAfter(Duration.seconds(raised ? 12 : 6));
            if (raised) {
                n.showError();
            } else {
                n.showInformation();
            }
        } catch (RuntimeException ex) {
            LOG.warn("could not show a notification \"{}\": {}", title, ex.toString());
        }
    }
}
