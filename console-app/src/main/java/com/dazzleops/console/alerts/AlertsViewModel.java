package com.dazzleops.console.alerts;

import com.dazzleops.console.core.alerts.Alert;
import com.dazzleops.console.core.alerts.AlertEngine;
import com.dazzleops.console.core.alerts.AlertEvent;
import com.dazzleops.console.servers.ServerItem;
import com.dazzleops.console.servers.ServerWorkspace;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The in-app alert list: every raise and clear (newest first, bounded), the alerts raised now, and muting per
 * server (remembered through {@code saveMuted}). {@link #onAlert} runs on the UI thread; the app marshals the
 * engine's events there.
 */
public final class AlertsViewModel {

    public static final int MAX_EVENTS = 500;

    private final AlertEngine engine;
    private final ServerWorkspace workspace;
    private final Consumer<Set<String>> saveMuted;
    private final Notifier notifier;
    private final ObservableList<AlertEvent> events = FXCollections.observableArrayList();
    private final ObservableList<Alert> active = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper activeCount = new ReadOnlyIntegerWrapper(0);

    public AlertsViewModel(AlertEngine engine, ServerWorkspace workspace, Set<String> initiallyMuted,
                           Consumer<Set<String>> saveMuted, Notifier notifier) {
        this.engine = engine;
        this.workspace = workspace;
        this.saveMuted = saveMuted;
        this.notifier = notifier == null ? e -> { } : notifier;
        for (String id : initiallyMuted) {
            engine.mute(id, true);
            workspace.setMuted(id, true);
        }
        workspace.servers().addListener((javafx.collections.ListChangeListener<ServerItem>) c -> {
            while (c.next()) {
                for (ServerItem i : c.getAddedSubList()) {
                    workspace.setMuted(i.id(), engine.isMuted(i.id()));
                }
            }
        });
        refreshActive();
    }

    /** An alert was raised or cleared (UI thread): listed, announced, and the active list refreshed. */
    public void onAlert(AlertEvent e) {
        onAlerts(java.util.List.of(e));
    }

    /**
     * Alerts raised or cleared together, oldest first (UI thread): listed newest first with one change of the list
     * and one refresh of the active alerts for the whole batch (fifty servers raising the same check at once are one
     * update of the alert views, not fifty), then each announced to the notifier (which gathers them).
     */
    public void onAlerts(java.util.List<AlertEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        java.util.List<AlertEvent> newestFirst = new java.util.ArrayList<>(batch);
        java.util.Collections.reverse(newestFirst);
        if (newestFirst.size() > MAX_EVENTS) {
            newestFirst = newestFirst.subList(0, MAX_EVENTS);
        }
        events.addAll(0, newestFirst);
        if (events.size() > MAX_EVENTS) {
            events.remove(MAX_EVENTS, events.size());
        }
        refreshActive();
        batch.forEach(notifier::notify);
    }

    private void refreshActive() {
        active.setAll(engine.active());
        activeCount.set((int) active.stream().filter(a -> !a.muted()).count());
    }

    public boolean isMuted(String serverId) {
        return engine.isMuted(serverId);
    }

    /** Mutes or unmutes a server's alerts and remembers the choice. */
    public void setMuted(String serverId, boolean muted) {
        engine.mute(serverId, muted);
        workspace.setMuted(serverId, muted);
        refreshActive();
        Set<String> all = new LinkedHashSet<>();
        for (ServerItem i : workspace.servers()) {
            if (engine.isMuted(i.id())) {
                all.add(i.id());
            }
        }
        saveMuted.accept(all);
    }

    public void toggleMute(ServerItem item) {
        setMuted(item.id(), !engine.isMuted(item.id()));
    }

    public ObservableList<AlertEvent> events() {
        return events;
    }

    public ObservableList<Alert> active() {
        return active;
    }

    /** Raised, unmuted alerts. */
    public ReadOnlyIntegerProperty activeCountProperty() {
        return activeCount.getReadOnlyProperty();
    }

    /** {@code "a,b,c"} → set. */
    public static Set<String> parseMuted(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s != null) {
            Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).forEach(out::add);
        }
        return out;
    }
}
