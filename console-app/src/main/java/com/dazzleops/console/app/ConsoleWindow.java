package com.dazzleops.console.app;

import com.dazzleops.console.alerts.AlertsPage;
import com.dazzleops.console.alerts.AlertsViewModel;
import com.dazzleops.console.alerts.DesktopNotifier;
import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.monitor.ConsumerKey;
import com.dazzleops.console.core.samples.LagSample;
import com.dazzleops.console.core.samples.SampleStore;
import com.dazzleops.console.dashboard.DashboardPage;
import com.dazzleops.console.dashboard.LagHistory;
import com.dazzleops.console.fleet.FleetPage;
import com.dazzleops.console.fx.FxUi;
import com.dazzleops.console.fx.SnapshotPump;
import com.dazzleops.console.fx.UiBatch;
import com.dazzleops.console.core.alerts.AlertEvent;
import com.dazzleops.console.servers.ServerWorkspace;
import com.dazzleops.console.shell.ConsoleShell;
import com.dazzleops.console.shell.Page;
import com.dazzleops.console.shell.PageProvider;
import com.dazzleops.console.shell.Theme;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds the console's window on a stage from opened {@link ConsoleServices}: the shell, the built-in pages
 * (Dashboard, Fleet, Alerts) and every {@link PageProvider} found by {@link ServiceLoader}; wires the engine's
 * snapshots and alerts to the FX thread; starts the engine in the background. Call on the FX thread.
 */
public final class ConsoleWindow {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleWindow.class);
    /**
     * Least time between two deliveries of snapshots to the FX thread (polls come every 2 s per server): one batch
     * (and one layout and render pass) a second, each value at most a second behind its poll. A batch lays out and
     * paints the visible rows and tiles once however many servers changed; a single server's snapshots (every 2 s)
     * still go through at once. Measured side by side with 500 ms on 50 servers the gain was small (JavaFX thread
     * 1.11 to 1.04 % of a core, renderer 0.91 to 0.81 %): the window asks for about one pulse a second either way.
     */
    static final java.time.Duration UI_BATCH_GAP = java.time.Duration.ofSeconds(1);

    private final ConsoleServices services;
    private final ServerWorkspace workspace;
    private final ConsoleShell shell;
    private final AlertsViewModel alerts;
    private boolean closed;

    private ConsoleWindow(Stage stage, ConsoleServices services, LaunchOptions options) {
        this.services = services;
        UiPrefs prefs = services.prefs();
        this.workspace = new ServerWorkspace(services.registry(), FxUi.EXECUTOR);
        DesktopNotifier notifier = new DesktopNotifier(() -> stage, services.background(), FxUi.LATER);
        this.alerts = new AlertsViewModel(services.engine().alerts(), workspace,
                AlertsViewModel.parseMuted(prefs.get("muted", "")),
                ids -> prefs.put("muted", String.join(",", ids)),
                notifier);
        Theme theme = options.theme().orElse(Theme.parse(prefs.get("theme", "light")));
        LagHistory history = services.store().map(ConsoleWindow::history).orElse(LagHistory.NONE);
        this.shell = new ConsoleShell(stage, workspace, prefs, theme, services.background(), FxUi.EXECUTOR,
                alerts::toggleMute, ctx -> {
                    List<Page> pages = new ArrayList<>();
                    pages.add(new DashboardPage(ctx, history));
                    pages.add(new FleetPage(ctx));
                    pages.add(new AlertsPage(alerts, workspace.servers()));
                    pages.add(new com.dazzleops.console.dlq.DlqPage(ctx, services.engine()::client));
                    pages.add(new com.dazzleops.console.jobs.JobsPage(ctx, services.engine()::client));
                    for (PageProvider p : ServiceLoader.load(PageProvider.class)) {
                        try {
                            pages.addAll(p.createPages(ctx));
                        } catch (RuntimeException | LinkageError e) {
                            LOG.warn("page provider {} failed: {}", p.getClass().getName(), e.toString());
                        }
                    }
                    return pages;
                });
        options.server().ifPresent(name -> workspace.servers().stream()
                .filter(i -> i.profile().displayName().equals(name)).findFirst().ifPresent(workspace::select));
        shell.showPage(options.page().orElse(prefs.get("page", "dashboard")));
        if (!options.files().isEmpty()) {
            shell.open(options.files());
        }
        services.problems().forEach(shell.context()::status);

        var engine = services.engine();
        // snapshots reach the FX thread in batches at most every UI_BATCH_GAP: a handful of UI tasks and layout
        // passes per second however many servers are watched
        engine.addListener(new SnapshotPump(FxUi.LATER, workspace::acceptAll, services.background(), UI_BATCH_GAP));
        // alert events reach the FX thread as batches: one UI task (one list change) per burst, however many servers
        // raise or clear together
        engine.alerts().addListener(new UiBatch<AlertEvent>(FxUi.LATER, alerts::onAlerts)::accept);
        // only the selected server's dashboard shows /health and /_dazzle/stats: the others are not asked for them
        // (applied in the background: the engine's lock may be held by start(), which reads SQLite)
        var wanted = new java.util.concurrent.atomic.AtomicReference<List<String>>();
        Runnable focus = () -> {
            wanted.set(workspace.selected().map(i -> List.of(i.id())).orElse(List.of()));
            services.background().execute(() -> {
                synchronized (wanted) { // the latest selection wins, whichever task runs last
                    engine.focus(wanted.get());
                }
            });
        };
        focus.run();
        workspace.selectedProperty().addListener((o, a, b) -> focus.run());
        // start() reads each server's last known state from SQLite: not on the FX thread
        services.background().execute(() -> {
            engine.start();
            var initial = engine.snapshots();
            Platform.runLater(() -> workspace.acceptAll(initial));
        });

        // timed on the background scheduler, not as JavaFX pauses: an animation keeps JavaFX pulsing at 60 Hz while
        // it runs (the whole session, for --exit-after)
        var timer = services.background();
        options.exitAfter().ifPresent(d -> timer.schedule(() -> FxUi.LATER.execute(stage::close),
                d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        stage.setOnHidden(e -> close());
        // the first alert popup is expensive to build: build a hidden one while the console is starting up
        timer.schedule(() -> FxUi.LATER.execute(notifier::warmUp), 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Builds and shows the window. */
    public static ConsoleWindow show(Stage stage, ConsoleServices services, LaunchOptions options) {
        ConsoleWindow w = new ConsoleWindow(stage, services, options);
        stage.show();
        return w;
    }

    private static LagHistory history(SampleStore store) {
        return (serverId, from, to) -> {
            Map<ConsumerKey, List<LagTrend.Point>> out = new LinkedHashMap<>();
            for (ConsumerKey key : store.consumers(serverId)) {
                List<LagTrend.Point> points = new ArrayList<>();
                for (LagSample s : store.lag(serverId, key, from, to)) {
                    points.add(new LagTrend.Point(s.time(), Math.round(s.lag())));
                }
                out.put(key, points);
            }
            return out;
        };
    }

    public ConsoleShell shell() {
        return shell;
    }

    public ServerWorkspace workspace() {
        return workspace;
    }

    public AlertsViewModel alerts() {
        return alerts;
    }

    /** Stops the pages (the services are closed by whoever opened them). */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shell.close();
        workspace.close();
    }
}
