package com.dazzleops.console.app;

import com.dazzleops.console.core.ConsoleEngine;
import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.console.core.samples.SampleStore;
import com.dazzleops.console.core.servers.ServerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the window needs that is not JavaFX: the server registry, the sample store, UI preferences, the
 * background scheduler and the engine. Opened before the toolkit starts (these reads block), closed after the
 * window has gone. A store that cannot be opened is not fatal: the console runs without history and says why.
 */
public final class ConsoleServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServices.class);

    private final ServerRegistry registry;
    private final SampleStore store;
    private final UiPrefs prefs;
    private final ScheduledThreadPoolExecutor background;
    private final ConsoleEngine engine;
    private final List<String> problems = new ArrayList<>();
    private final List<AutoCloseable> extras = new ArrayList<>();

    private ConsoleServices(Path configDir, Path dataDir, MonitorOptions options) {
        this.registry = ServerRegistry.open(configDir.resolve("servers.json"));
        registry.loadProblem().ifPresent(problems::add);
        SampleStore s = null;
        try {
            s = SampleStore.open(dataDir.resolve("samples.db"), Clock.systemUTC());
        } catch (RuntimeException e) {
            problems.add("Lag history is off: " + e.getMessage());
            LOG.warn("running without the sample store: {}", e.getMessage());
        }
        this.store = s;
        AtomicInteger n = new AtomicInteger();
        this.background = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "console-bg-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        background.setRemoveOnCancelPolicy(true);
        background.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.prefs = new UiPrefs(configDir, background);
        ConsoleEngine.Builder b = ConsoleEngine.builder(registry).scheduler(background).options(options);
        if (store != null) {
            b.sampleStore(store);
        }
        this.engine = b.build();
    }

    /** Opens the services on the given directories (the user's, or a test's temp dirs). Blocks. */
    public static ConsoleServices open(Path configDir, Path dataDir, Duration interval) {
        return new ConsoleServices(configDir, dataDir, MonitorOptions.defaults().withInterval(interval));
    }

    public static ConsoleServices open(Path configDir, Path dataDir, MonitorOptions options) {
        return new ConsoleServices(configDir, dataDir, options);
    }

    public ServerRegistry registry() {
        return registry;
    }

    public java.util.Optional<SampleStore> store() {
        return java.util.Optional.ofNullable(store);
    }

    public UiPrefs prefs() {
        return prefs;
    }

    public ScheduledExecutorService background() {
        return background;
    }

    public ConsoleEngine engine() {
        return engine;
    }

    /** Problems met while opening (unreadable server list, no sample store), for the status bar. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Closes {@code c} with the services (e.g. the embedded demo server), after the engine. */
    public void closeWith(AutoCloseable c) {
        synchronized (extras) {
            extras.add(c);
        }
    }

    @Override
    public void close() {
        try {
            engine.close();
        } catch (RuntimeException e) {
            LOG.warn("engine close failed", e);
        }
        background.shutdown(); // queued work (a preference being saved) still runs; delayed polls do not
        try {
            if (!background.awaitTermination(3, TimeUnit.SECONDS)) {
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            background.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (store != null) {
            try {
                store.close();
            } catch (RuntimeException e) {
                LOG.warn("sample store close failed", e);
            }
        }
        List<AutoCloseable> toClose;
        synchronized (extras) {
            toClose = new ArrayList<>(extras);
        }
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("close failed for {}", c, e);
            }
        }
    }
}
