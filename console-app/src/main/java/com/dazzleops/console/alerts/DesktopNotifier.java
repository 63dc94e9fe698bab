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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Raised alerts as ControlsFX desktop notifications (error style), cleared ones as short information ones.
 * Events that arrive together are gathered until they stop ({@link #QUIET}, at most {@link #MAX_GATHER} after the
 * first) and shown as one notification per server and kind (a server going down raises all six checks at once: one
 * notification, not six), or one summary per kind when many servers raise or clear together.
 *
 * <p>Why gather until quiet: each ControlsFX notification that appears while another shows slides the earlier one
 * aside, and a sliding window makes X expose the main window, which JavaFX then repaints whole at 60 Hz (measured
 * under Xvfb with 50 servers: a fleet-wide alert that arrived over six seconds made three notifications and 24 full
 * repaints of the main window, 800 ms of pulses; a single notification costs one). The timers run on the background
 * scheduler, not as JavaFX animations.
 */
public final class DesktopNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(DesktopNotifier.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** A burst of alert events ends when none has come for this long... */
    static final java.time.Duration QUIET = java.time.Duration.ofMillis(1500);
    /** ...or this long after its first event, whichever is sooner. */
    static final java.time.Duration MAX_GATHER = java.time.Duration.ofSeconds(8);

    private final Supplier<Window> owner;
    private final ScheduledExecutorService timer;
    private final Executor ui;
    private final BurstGatherer<AlertEvent> gather;

    /**
     * @param owner the window the notifications belong to (placed at its top right)
     * @param timer the background scheduler that times the gathering and the spacing of popups
     * @param ui the UI executor (the popups are built there)
     */
    public DesktopNotifier(Supplier<Window> owner, ScheduledExecutorService timer, Executor ui) {
        this.owner = owner;
        this.timer = timer;
        this.ui = ui;
        this.gather = new BurstGatherer<>(this::later, ui, QUIET, MAX_GATHER, System::nanoTime, this::flush);
    }

    /** Runs {@code task} on the timer after the delay; nothing when the scheduler is shutting down (closing). */
    private void later(Runnable task, long delayNanos) {
        try {
            timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("notification timer closed: {}", e.toString());
        }
    }

    /** Called on the FX thread. */
    @Override
    public void notify(AlertEvent e) {
        gather.add(e);
    }

    /** On the UI thread, with a gathered burst. */
    private void flush(List<AlertEvent> batch) {
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
                later(() -> ui.execute(() -> show(n)), TimeUnit.MILLISECONDS.toNanos((long) STAGGER_MS * i));
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
        later(() -> ui.execute(ghost::hide), TimeUnit.SECONDS.toNanos(2));
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
