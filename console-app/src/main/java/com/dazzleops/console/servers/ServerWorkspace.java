package com.dazzleops.console.servers;

import com.dazzleops.console.core.servers.RegistryListener;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The servers the UI shows and which one is selected, kept in step with the {@link ServerRegistry} (whose
 * listeners run on any thread: every change is marshalled through the UI executor). All state here is touched only
 * on the UI thread.
 */
public final class ServerWorkspace {

    private final ServerRegistry registry;
    private final Executor ui;
    private final ObservableList<ServerItem> servers = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ServerItem> selected = new ReadOnlyObjectWrapper<>();
    private final RegistryListener listener;
    private final java.time.ZoneId zone = java.time.ZoneId.systemDefault();
    /** The items of {@link #servers} by id (kept in step with it). */
    private final java.util.Map<String, ServerItem> byId = new java.util.HashMap<>();
    private final javafx.beans.property.ReadOnlyLongWrapper revision = new javafx.beans.property.ReadOnlyLongWrapper();

    public ServerWorkspace(ServerRegistry registry, Executor ui) {
        this.registry = registry;
        this.ui = ui;
        servers.addListener((javafx.collections.ListChangeListener<ServerItem>) c -> {
            byId.clear();
            servers.forEach(i -> byId.put(i.id(), i));
        });
        for (ServerProfile p : registry.list()) {
            servers.add(new ServerItem(p));
        }
        if (!servers.isEmpty()) {
            selected.set(servers.get(0));
        }
        listener = (kind, profile) -> ui.execute(() -> apply(kind, profile));
        registry.addListener(listener);
    }

    private void apply(RegistryListener.Kind kind, ServerProfile profile) {
        switch (kind) {
            case ADDED -> {
                if (find(profile.id()).isEmpty()) {
                    ServerItem item = new ServerItem(profile);
                    servers.add(item);
                    if (selected.get() == null) {
                        selected.set(item);
                    }
                }
            }
            case UPDATED -> find(profile.id()).ifPresent(i -> i.profileProperty().set(profile));
            case REMOVED -> find(profile.id()).ifPresent(i -> {
                int idx = servers.indexOf(i);
                servers.remove(i);
                if (selected.get() == i) {
                    selected.set(servers.isEmpty() ? null : servers.get(Math.min(idx, servers.size() - 1)));
                }
            });
        }
    }

    /** Takes a snapshot from the monitor; call on the UI thread. Snapshots of removed servers are dropped. */
    public void accept(com.dazzleops.console.core.monitor.ServerSnapshot snapshot) {
        acceptAll(java.util.List.of(snapshot));
    }

    /**
     * Takes a batch of snapshots (one per server at most) on the UI thread, then bumps {@link #revisionProperty()}
     * once, so views that summarise the whole fleet (the status bar) recompute once per batch, not per server.
     */
    public void acceptAll(java.util.List<com.dazzleops.console.core.monitor.ServerSnapshot> batch) {
        boolean any = false;
        for (var snapshot : batch) {
            ServerItem i = byId.get(snapshot.serverId());
            if (i != null) {
                i.accept(snapshot, zone);
                any = true;
            }
        }
        if (any) {
            revision.set(revision.get() + 1);
        }
    }

    /** Counts the batches of snapshots taken: one change per batch, for fleet-wide summaries. */
    public javafx.beans.property.ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** Marks a server's alerts muted or not (the alert engine owns the truth; this mirrors it for the UI). */
    public void setMuted(String serverId, boolean muted) {
        find(serverId).ifPresent(i -> i.setMuted(muted));
    }

    public ServerRegistry registry() {
        return registry;
    }

    public ObservableList<ServerItem> servers() {
        return servers;
    }

    public Optional<ServerItem> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public ReadOnlyObjectProperty<ServerItem> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public Optional<ServerItem> selected() {
        return Optional.ofNullable(selected.get());
    }

    public void select(ServerItem item) {
        if (item == null || servers.contains(item)) {
            selected.set(item);
        }
    }

    public void select(String id) {
        find(id).ifPresent(this::select);
    }

    public void close() {
        registry.removeListener(listener);
    }
}
