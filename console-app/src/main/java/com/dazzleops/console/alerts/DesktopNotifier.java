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
        Window w = owner.get();
        if (w == null || !w.isShowing()) {
            return;
        }
        List<Note> notes = notes(batch);
        // one popup per pulse at most (each is a window built on this thread): the others follow a moment apart
        for (int i = 0; i < notes.size(); i++) {
            Note n = notes.get(i);
            if (i == 0) {
                show(n);
            } else {
                PauseTransition later = new PauseTransition(Duration.millis(STAGGER_MS * i));
                later.setOnFinished(e -> show(n));
                later.play();
            }
        }
    }

    /** Time between the popups of one gathered batch. */
    static final int STAGGER_MS = 150;

    /**
     * Shows one notification where no one can see it, once, so that the first real alert does not pay ControlsFX's
     * first-use cost on the UI thread (loading its classes, stylesheet and icons and creating the first popup
     * window: 90-130 ms, against 20-40 ms for the next ones; measured under Xvfb). The notification belongs to a 1×1
     * transparent popup placed far off-screen, so it is placed off-screen too; a popup (unlike a stage) never takes
     * the keyboard focus from the main window. Both are gone a moment later. Call on the FX thread once the main
     * window is showing, when nothing else is going on (e.g. a second after start).
     */
    public void warmUp() {
        Window w = owner.get();
        if (w == null || !w.isShowing()) {
            return;
        }
        javafx.stage.Popup ghost = new javafx.stage.Popup();
        try {
            ghost.setAutoFix(false); // stay off-screen
            ghost.setAutoHide(false);
            ghost.getContent().add(new javafx.scene.shape.Rectangle(1, 1, javafx.scene.paint.Color.TRANSPARENT));
            ghost.show(w, -32000, -32000);
            Notifications.create().owner(ghost).position(Pos.TOP_RIGHT).title(" ").text(" ")
                    .hideAfter(Duration.millis(1)).showError();
        } catch (RuntimeException ex) {
            LOG.debug("notification warm-up failed: {}", ex.toString());
        }
        PauseTransition close = new PauseTransition(Duration.seconds(2));
        close.setOnFinished(e -> ghost.hide());
        close.play();
    }

    /** At most this many notifications per gathered batch; more servers at once get one summary per kind. */
    static final int MAX_NOTES = 3;

    /** What one notification says. */
    record Note(boolean raised, String title, String text) {
    }

    /**
     * The notifications for a batch of events: one per server and kind (a server going down raises all six checks
     * at once: one notification, not six); when more than {@link #MAX_NOTES} servers raise or clear together (a
     * fleet-wide incident, or the same problem on every replica), one summary per kind naming them, instead of a
     * screenful of popups that would also stall the UI thread while they are built.
     */
    static List<Note> notes(List<AlertEvent> batch) {
        Map<String, List<AlertEvent>> groups = new LinkedHashMap<>();
        for (AlertEvent e : batch) {
            groups.computeIfAbsent(e.serverId() + "|" + e.kind(), k -> new ArrayList<>()).add(e);
        }
        List<Note> out = new ArrayList<>();
        if (groups.size() <= MAX_NOTES) {
            groups.values().forEach(g -> out.add(note(g)));
            return out;
        }
        for (AlertEvent.Kind kind : AlertEvent.Kind.values()) {
            List<List<AlertEvent>> ofKind = groups.values().stream().filter(g -> g.get(0).kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            if (ofKind.size() == 1) {
                out.add(note(ofKind.get(0)));
                continue;
            }
            boolean raised = kind == AlertEvent.Kind.RAISED;
            long checks = ofKind.stream().mapToLong(List::size).sum();
            String names = ofKind.stream().map(g -> g.get(0).serverName()).limit(8).collect(Collectors.joining(", "))
                    + (ofKind.size() > 8 ? " and " + (ofKind.size() - 8) + " more" : "");
            String which = ofKind.stream().flatMap(List::stream).map(e -> e.check().title()).distinct()
                    .collect(Collectors.joining(", "));
            out.add(new Note(raised, ofKind.size() + " servers: " + checks + (raised ? " checks bad" : " checks recovered"),
                    which + "\n" + names + "\nSee the Alerts page."));
        }
        return out;
    }

    private static Note note(List<AlertEvent> events) {
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
        return new Note(raised, title, text);
    }

    private void show(Note note) {
        Window w = owner.get();
        boolean raised = note.raised();
        String title = note.title();
        String text = note.text();
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
