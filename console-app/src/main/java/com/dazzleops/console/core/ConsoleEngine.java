package com.dazzleops.console.core;

import com.dazzleops.console.core.alerts.AlertEngine;
import com.dazzleops.console.core.alerts.AlertPolicy;
import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.client.HttpTransport;
import com.dazzleops.console.core.client.OkHttpTransport;
import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.console.core.monitor.ServerMonitor;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.SnapshotListener;
import com.dazzleops.console.core.samples.SampleStore;
import com.dazzleops.console.core.servers.RegistryListener;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console's engine in one object: watches every server of a {@link ServerRegistry} (a {@link ServerMonitor}
 * each, created and dropped as the registry changes), records samples in a {@link SampleStore}, feeds an
 * {@link AlertEngine}, and fans every snapshot out to listeners (on a background thread).
 *
 * <pre>{@code
 * ConsoleEngine engine = ConsoleEngine.builder(registry)
 *         .scheduler(shellContext.background())       // injected; tests pass a deterministic one
 *         .sampleStore(SampleStore.openDefault())     // optional
 *         .build();
 * engine.addListener(snap -> Platform.runLater(() -> viewModel.show(snap)));
 * engine.alerts().addListener(ev -> Platform.runLater(() -> notify(ev)));
 * engine.start();
 * ...
 * engine.close();
 * }</pre>
 *
 * <p>The engine owns the HTTP transport and one small thread for sample writes (both closed by {@link #close()});
 * it does not own the scheduler it was given.
 */
public final class ConsoleEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleEngine.class);

    private final ServerRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private final MonitorOptions options;
    private final Duration timeout;
    private final SampleStore store;
    private final AlertEngine alerts;
    private final ScheduledExecutorService writer;
    private final java.util.concurrent.ConcurrentLinkedQueue<ServerSnapshot> unwritten =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, ServerMonitor> monitors = new LinkedHashMap<>();
    private final List<SnapshotListener> listeners = new CopyOnWriteArrayList<>();
    private final SnapshotListener fanOut = this::onSnapshot;
    private final RegistryListener registryListener = this::onRegistryChange;
    private boolean started;
    private boolean closed;
    /** The servers whose whole dashboard is shown (null: no view said, so every server is focused). */
    private java.util.Set<String> focus;

    private ConsoleEngine(Builder b) {
        this.registry = b.registry;
        this.scheduler = b.scheduler;
        this.transport = b.transport != null ? b.transport : new OkHttpTransport();
        this.ownsTransport = b.transport == null;
        this.options = b.options;
        this.timeout = b.timeout;
        this.store = b.store;
        this.alerts = b.alerts != null ? b.alerts : new AlertEngine(options.clock(), AlertPolicy.DEFAULTS);
        this.writer = store == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dazzle-samples");
            t.setDaemon(true);
            return t;
        });
        if (writer != null) { // one SQLite transaction per second for the whole fleet
            writer.scheduleWithFixedDelay(this::flushSamples, 1, 1, TimeUnit.SECONDS);
        }
    }

    public static Builder builder(ServerRegistry registry) {
        return new Builder(registry);
    }

    /** Creates a monitor per registered server (restoring each one's last known state) and starts them all. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        registry.addListener(registryListener);
        // spread the fleet's polls over one interval and its slow polls over the slow cycle (one server: at once)
        List<ServerProfile> all = registry.list();
        for (int i = 0; i < all.size(); i++) {
            startMonitor(all.get(i), options.interval().multipliedBy(i).dividedBy(all.size()), i);
        }
    }

    public ServerRegistry registry() {
        return registry;
    }

    public AlertEngine alerts() {
        return alerts;
    }

    public Optional<SampleStore> sampleStore() {
        return Optional.ofNullable(store);
    }

    public MonitorOptions options() {
        return options;
    }

    /** A blocking client for one server (for pages that fetch on demand, off the FX thread). */
    public DazzleClient client(ServerProfile profile) {
        return new DazzleClient(profile, transport, timeout, options.clock());
    }

    public synchronized Optional<ServerMonitor> monitor(String serverId) {
        return Optional.ofNullable(monitors.get(serverId));
    }

    /** The latest snapshot of every watched server, in registry order. */
    public synchronized List<ServerSnapshot> snapshots() {
        List<ServerSnapshot> out = new ArrayList<>();
        monitors.values().forEach(m -> out.add(m.latest()));
        return out;
    }

    /** Every snapshot of every server, on a background thread. */
    public void addListener(SnapshotListener l) {
        listeners.add(l);
    }

    public void removeListener(SnapshotListener l) {
        listeners.remove(l);
    }

    /**
     * Says which servers a view shows in full (the selected server's dashboard): only they poll the endpoints that
     * only the dashboard shows; the others poll what decides their six checks and their status. Until this is
     * called every server is polled in full (the {@code check} command, tests).
     */
    public synchronized void focus(java.util.Collection<String> serverIds) {
        focus = java.util.Set.copyOf(serverIds);
        monitors.forEach((id, m) -> m.setFocused(focus.contains(id)));
    }

    /** Polls every server now. */
    public synchronized void refreshAll() {
        monitors.values().forEach(ServerMonitor::pollNow);
    }

    private void onSnapshot(ServerSnapshot s) {
        alerts.onSnapshot(s);
        if (store != null && !s.stale()) {
            unwritten.add(s);
        }
        for (SnapshotListener l : listeners) {
            try {
                l.onSnapshot(s);
            } catch (RuntimeException e) {
                LOG.warn("snapshot listener failed", e);
            }
        }
    }

    private void flushSamples() {
        List<ServerSnapshot> batch = new ArrayList<>();
        for (ServerSnapshot s; (s = unwritten.poll()) != null; ) {
            batch.add(s);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.recordAll(batch);
        } catch (RuntimeException e) {
            LOG.warn("recording {} samples failed: {}", batch.size(), e.getMessage());
        }
    }

    private synchronized void onRegistryChange(RegistryListener.Kind kind, ServerProfile p) {
        if (closed) {
            return;
        }
        switch (kind) {
            case ADDED -> startMonitor(p);
            case UPDATED -> {
                ServerMonitor m = monitors.get(p.id());
                if (m != null) {
                    m.updateProfile(p);
                    m.pollNow();
                } else {
                    startMonitor(p);
                }
            }
            case REMOVED -> {
                ServerMonitor m = monitors.remove(p.id());
                if (m != null) {
                    m.removeListener(fanOut);
                    m.stop();
                }
                alerts.forget(p.id());
                if (store != null) {
                    writer.execute(() -> store.forget(p.id()));
                }
            }
        }
    }

    private void startMonitor(ServerProfile p) {
        startMonitor(p, Duration.ZERO, 0);
    }

    private void startMonitor(ServerProfile p, Duration firstPollIn, int slowPhase) {
        if (monitors.containsKey(p.id())) {
            return;
        }
        ServerMonitor m = new ServerMonitor(client(p), scheduler, options);
        if (focus != null && focus.isEmpty()) {
            // nothing is focused (no server was selected): the new one will be, as the UI selects a server added
            // while none is selected; polling it in full from its first poll fills its dashboard at once
            focus = java.util.Set.of(p.id());
        }
        if (focus != null) {
            m.setFocused(focus.contains(p.id()));
        }
        monitors.put(p.id(), m);
        m.addListener(fanOut);
        if (store != null) {
            try {
                store.lastKnown(p).ifPresent(m::restore);
            } catch (RuntimeException e) {
                LOG.warn("cannot restore the last state of {}: {}", p.displayName(), e.getMessage());
            }
        }
        m.start(firstPollIn, slowPhase);
    }

    /** Stops every monitor, the sample writer and (if the engine made it) the HTTP transport. */
    @Override
    public void close() {
        List<ServerMonitor> ms;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            registry.removeListener(registryListener);
            ms = new ArrayList<>(monitors.values());
            monitors.clear();
        }
        ms.forEach(ServerMonitor::stop);
        if (writer != null) {
            try {
                writer.submit(this::flushSamples);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // already shut down
            }
            writer.shutdown();
            try {
                if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                    writer.shutdownNow();
                }
            } catch (InterruptedException e) {
                writer.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (ownsTransport) {
            transport.close();
        }
    }

    /** Builds a {@link ConsoleEngine}. */
    public static final class Builder {
        private final ServerRegistry registry;
        private ScheduledExecutorService scheduler;
        private HttpTransport transport;
        private MonitorOptions options = MonitorOptions.defaults();
        private Duration timeout = DazzleClient.DEFAULT_TIMEOUT;
        private SampleStore store;
        private AlertEngine alerts;

        private Builder(ServerRegistry registry) {
            this.registry = registry;
        }

        /** Required: where polls are scheduled (the engine does not shut it down). */
        public Builder scheduler(ScheduledExecutorService s) {
            this.scheduler = s;
            return this;
        }

        /** Optional: the HTTP transport (default: a new {@link OkHttpTransport}, closed with the engine). */
        public Builder transport(HttpTransport t) {
            this.transport = t;
            return this;
        }

        public Builder options(MonitorOptions o) {
            this.options = o;
            return this;
        }

        /** Per-request time limit (default 5 s). */
        public Builder requestTimeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /** Optional: where samples and last known states go (not closed by the engine). */
        public Builder sampleStore(SampleStore s) {
            this.store = s;
            return this;
        }

        /** Optional: a prepared alert engine (default: {@link AlertPolicy#DEFAULTS} on the options' clock). */
        public Builder alerts(AlertEngine a) {
            this.alerts = a;
            return this;
        }

        public ConsoleEngine build() {
            if (scheduler == null) {
                throw new IllegalStateException("a scheduler is required");
            }
            return new ConsoleEngine(this);
        }
    }
}
