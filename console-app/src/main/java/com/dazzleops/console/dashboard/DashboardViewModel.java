package com.dazzleops.console.dashboard;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.checks.HealthChecks;
import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.monitor.ConsumerKey;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.servers.ServerItem;
import com.dazzleops.model.events.ConsumerInfo;
import com.dazzleops.model.events.OutboxStats;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.ops.debug.DazzleStats;
import com.dazzleops.model.ops.system.AppHealth;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The dashboard of the selected server, as properties: header (app, version, dsl_hash, uptime), the six checks,
 * the outbox figures, consumer-lag series over a selectable window, entity counts, and one error line per panel
 * when its endpoint failed. When the server is down the last known values stay and {@link #staleProperty()} is set.
 *
 * <p>Lag history is read from the sample store in the background when the server or the window changes; live
 * points from each snapshot are appended in between. Everything here runs on the UI executor; tests pass
 * {@code Runnable::run} for both executors.
 */
public final class DashboardViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardViewModel.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Executor background;
    private final Executor ui;
    private final LagHistory history;
    private final Clock clock;
    private final ZoneId zone;

    private final ReadOnlyBooleanWrapper hasServer = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper serverName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper serverUrl = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper appName = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper version = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper dslHash = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper uptime = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper headerError = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ServerStatus> status = new ReadOnlyObjectWrapper<>(ServerStatus.UNKNOWN);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper staleMessage = new ReadOnlyStringWrapper("");

    private final ObservableList<Check> checks = FXCollections.observableArrayList();

    private final ReadOnlyStringWrapper outboxPending = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper outboxPublishing = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper outboxPublished = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper outboxFailed = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper outboxOldest = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper outboxError = new ReadOnlyStringWrapper("");

    private final ObjectProperty<LagWindow> window = new SimpleObjectProperty<>(LagWindow.FIVE_MINUTES);
    private final ObservableList<LagSeries> lag = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper lagError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lagNote = new ReadOnlyStringWrapper("");

    private final ObservableList<DazzleStats.EntityCount> entities = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper entitiesError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper totalRecords = new ReadOnlyStringWrapper("");

    /** Live lag points per group, oldest first (UI thread only). */
    private final Map<ConsumerKey, List<LagTrend.Point>> points = new LinkedHashMap<>();
    private long historyGeneration;
    private ServerItem item;
    private ServerSnapshot last;
    private final ChangeListener<ServerSnapshot> onSnapshot = (o, a, s) -> {
        if (s != null) {
            accept(s);
        }
    };

    public DashboardViewModel(Executor background, Executor ui, LagHistory history, Clock clock) {
        this.background = background;
        this.ui = ui;
        this.history = history == null ? LagHistory.NONE : history;
        this.clock = clock;
        this.zone = clock.getZone();
        window.addListener((o, a, b) -> reloadHistory());
        resetChecks();
    }

    /** Shows another server (null: none); its latest snapshot is shown at once and its history reloaded. */
    public void setServer(ServerItem next) {
        if (item != null) {
            item.snapshotProperty().removeListener(onSnapshot);
        }
        item = next;
        last = null;
        points.clear();
        lag.clear();
        hasServer.set(next != null);
        clear();
        if (next == null) {
            return;
        }
        ServerProfile p = next.profile();
        serverName.set(p.displayName());
        serverUrl.set(p.baseUrlText());
        next.snapshotProperty().addListener(onSnapshot);
        reloadHistory();
        if (next.snapshot() != null) {
            accept(next.snapshot());
        }
    }

    private void clear() {
        serverName.set("");
        serverUrl.set("");
        appName.set("—");
        version.set("—");
        dslHash.set("—");
        uptime.set("—");
        headerError.set("");
        status.set(ServerStatus.UNKNOWN);
        statusText.set("waiting for the first poll…");
        stale.set(false);
        staleMessage.set("");
        resetChecks();
        for (ReadOnlyStringWrapper w : List.of(outboxPending, outboxPublishing, outboxPublished, outboxFailed, outboxOldest)) {
            w.set("—");
        }
        outboxError.set("");
        lagError.set("");
        lagNote.set("");
        entities.clear();
        entitiesError.set("");
        totalRecords.set("");
    }

    private void resetChecks() {
        List<Check> waiting = new ArrayList<>();
        for (CheckId id : CheckId.values()) {
            waiting.add(new Check(id, CheckLevel.UNKNOWN, "waiting…", "", "No poll has finished yet."));
        }
        checks.setAll(waiting);
    }

    /** Takes a snapshot of the shown server (UI thread). Snapshots of other servers are ignored. */
    public void accept(ServerSnapshot s) {
        if (item != null && !item.id().equals(s.serverId())) {
            return;
        }
        last = s;
        if (item == null) {
            hasServer.set(true);
            serverName.set(s.server().displayName());
            serverUrl.set(s.server().baseUrlText());
        }
        status.set(s.status());
        statusText.set(describeStatus(s));
        boolean down = s.status() == ServerStatus.DOWN;
        stale.set(s.stale() || down);
        staleMessage.set(s.stale() || down ? staleText(s) : "");
        if (s.checks().size() == CheckId.values().length) {
            checks.setAll(s.checks());
        } else if (!s.checks().isEmpty()) {
            checks.setAll(s.checks());
        }
        header(s);
        outbox(s);
        consumers(s);
        entities(s);
    }

    private String staleText(ServerSnapshot s) {
        String since = s.lastSuccess().map(t -> "last answer at " + TIME.format(t.atZone(zone)))
                .orElse("it has not answered since the console started");
        if (s.status() == ServerStatus.DOWN) {
            String why = "Server not answering (" + (s.statusReason().isBlank() ? "no answer" : s.statusReason()) + ")";
            return s.lastSuccess().isPresent() ? why + "; showing the last known state, " + since + "."
                    : why + "; " + since + ".";
        }
        return "Showing stored values, " + since + ".";
    }

    private String describeStatus(ServerSnapshot s) {
        return switch (s.status()) {
            case UP -> "up · polled " + TIME.format(s.polledAt().atZone(zone));
            case DEGRADED -> "degraded · " + s.statusReason();
            case DOWN -> "down · retry in " + HealthChecks.human(s.nextPollIn())
                    + (s.consecutiveFailures() > 1 ? " (backoff, " + s.consecutiveFailures() + " failures)" : "");
            case UNKNOWN -> "connecting…";
        };
    }

    private void header(ServerSnapshot s) {
        WireResult<AppHealth> h = s.appHealth();
        WireResult<DazzleStats> st = s.stats();
        if (h.isOk()) {
            AppHealth a = h.valueIfOk().orElseThrow();
            appName.set(nonBlank(a.app(), st.valueIfOk().map(DazzleStats::appName).orElse("—")));
            version.set(nonBlank(a.version(), "—"));
            dslHash.set(nonBlank(a.dslHash(), "—"));
            uptime.set(a.uptimeSeconds() == null ? uptimeFromStats(st) : human(a.uptimeSeconds()));
            headerError.set("");
        } else if (answered(s)) {
            // keep the last known header when the server is down; say why it is missing otherwise
            st.valueIfOk().ifPresent(d -> {
                appName.set(nonBlank(d.appName(), "—"));
                uptime.set(uptimeFromStats(st));
            });
            headerError.set(panelError(s, com.dazzleops.console.core.client.Endpoint.APP_HEALTH, h));
        }
        if ("—".equals(appName.getValue())) {
            appName.set(s.server().displayName());
        }
    }

    private String uptimeFromStats(WireResult<DazzleStats> st) {
        return st.valueIfOk().map(DazzleStats::uptimeSeconds).map(DashboardViewModel::human).orElse("—");
    }

    private void outbox(ServerSnapshot s) {
        var r = s.outbox();
        if (r.isOk()) {
            OutboxStats o = r.valueIfOk().orElseThrow().stats();
            outboxPending.set(Long.toString(o.pending()));
            outboxPublishing.set(Long.toString(o.publishing()));
            outboxPublished.set(Long.toString(o.published()));
            outboxFailed.set(Long.toString(o.failed()));
            outboxOldest.set(s.oldestPendingAge().map(HealthChecks::human).orElse(o.pending() == 0 ? "none" : "?"));
            outboxError.set("");
        } else if (answered(s)) {
            outboxError.set(panelError(s, com.dazzleops.console.core.client.Endpoint.OUTBOX, r));
        }
    }

    private void consumers(ServerSnapshot s) {
        var r = s.consumers();
        if (!r.isOk()) {
            if (answered(s)) {
                lagError.set(panelError(s, com.dazzleops.console.core.client.Endpoint.CONSUMERS, r));
            }
            publishLag();
            return;
        }
        lagError.set("");
        List<ConsumerInfo> cs = r.valueIfOk().orElseThrow().consumers();
        lagNote.set(cs.isEmpty() ? "The server reports no consumer groups." : "");
        if (!s.stale()) {
            Duration step = getWindow().step();
            // when the reading was taken (a server not focused renews it every few polls, not every poll)
            Instant at = s.endpoint(com.dazzleops.console.core.client.Endpoint.CONSUMERS)
                    .map(com.dazzleops.console.core.monitor.EndpointResult::fetchedAt).orElse(s.polledAt());
            for (ConsumerInfo c : cs) {
                List<LagTrend.Point> list = points.computeIfAbsent(new ConsumerKey(c.groupId(), c.topic()),
                        k -> new ArrayList<>());
                LagTrend.Point p = new LagTrend.Point(at, c.lag());
                if (list.isEmpty() || !list.get(list.size() - 1).time().plus(step).isAfter(p.time())) {
                    list.add(p);
                } else {
                    list.set(list.size() - 1, p); // keep the newest value inside one step
                }
            }
        }
        publishLag();
    }

    private void publishLag() {
        Instant from = clock.instant().minus(getWindow().length());
        List<LagSeries> out = new ArrayList<>();
        for (var e : points.entrySet()) {
            List<LagTrend.Point> list = e.getValue();
            list.removeIf(p -> p.time().isBefore(from));
            out.add(LagSeries.of(e.getKey(), list));
        }
        lag.setAll(out);
    }

    private void entities(ServerSnapshot s) {
        var r = s.stats();
        if (r.isOk()) {
            DazzleStats d = r.valueIfOk().orElseThrow();
            List<DazzleStats.EntityCount> sorted = new ArrayList<>(d.entities());
            sorted.sort((a, b) -> Long.compare(b.count(), a.count()));
            if (!sorted.equals(entities)) {
                entities.setAll(sorted);
            }
            totalRecords.set(d.totalRecords() + " records");
            entitiesError.set("");
        } else if (answered(s)) {
            entitiesError.set(panelError(s, com.dazzleops.console.core.client.Endpoint.STATS, r));
        }
    }

    /** The server answered this poll: a failing panel is worth a message (when down, the banner says it all). */
    private static boolean answered(ServerSnapshot s) {
        return !s.stale() && s.status() != ServerStatus.DOWN && s.status() != ServerStatus.UNKNOWN;
    }

    /** "GET /path: why", or "" when the endpoint was not asked this time (nothing to report). */
    private static String panelError(ServerSnapshot s, com.dazzleops.console.core.client.Endpoint e, WireResult<?> r) {
        if (s.endpoint(e).isEmpty()) {
            return "";
        }
        String src = s.endpoint(e).map(x -> x.source()).orElse(e.label());
        return r.failure().map(f -> src + ": " + f.message()).orElse("");
    }

    private void reloadHistory() {
        ServerItem target = item;
        if (target == null) {
            return;
        }
        long gen = ++historyGeneration;
        LagWindow w = getWindow();
        Instant to = clock.instant();
        Instant from = to.minus(w.length());
        background.execute(() -> {
            Map<ConsumerKey, List<LagTrend.Point>> loaded;
            try {
                loaded = history.load(target.id(), from, to);
            } catch (Exception e) {
                LOG.warn("could not read lag history of {}: {}", target.id(), e.toString());
                String msg = "Lag history unavailable: " + e.getMessage();
                ui.execute(() -> {
                    if (gen == historyGeneration) {
                        lagNote.set(msg);
                    }
                });
                return;
            }
            ui.execute(() -> {
                if (gen != historyGeneration || item != target) {
                    return;
                }
                merge(loaded, w);
                publishLag();
            });
        });
    }

    /** History first, then the live points newer than the history's last point, thinned to the window's step. */
    private void merge(Map<ConsumerKey, List<LagTrend.Point>> loaded, LagWindow w) {
        Map<ConsumerKey, List<LagTrend.Point>> merged = new LinkedHashMap<>();
        for (var e : loaded.entrySet()) {
            merged.put(e.getKey(), thin(new ArrayList<>(e.getValue()), w.step()));
        }
        for (var e : points.entrySet()) {
            List<LagTrend.Point> base = merged.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            Instant after = base.isEmpty() ? Instant.MIN : base.get(base.size() - 1).time();
            for (LagTrend.Point p : e.getValue()) {
                if (p.time().isAfter(after)) {
                    base.add(p);
                }
            }
        }
        points.clear();
        points.putAll(merged);
    }

    private static List<LagTrend.Point> thin(List<LagTrend.Point> in, Duration step) {
        in.sort(java.util.Comparator.comparing(LagTrend.Point::time));
        List<LagTrend.Point> out = new ArrayList<>();
        for (LagTrend.Point p : in) {
            if (out.isEmpty() || !out.get(out.size() - 1).time().plus(step).isAfter(p.time())) {
                out.add(p);
            } else {
                out.set(out.size() - 1, p);
            }
        }
        return out;
    }

    static String human(Double seconds) {
        if (seconds == null) {
            return "—";
        }
        long s = (long) Math.floor(seconds);
        long d = s / 86400;
        Duration rest = Duration.ofSeconds(s % 86400);
        return d > 0 ? d + " d " + HealthChecks.human(rest) : HealthChecks.human(rest);
    }

    private static String nonBlank(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    // ---- properties --------------------------------------------------------------------------------------------

    public ReadOnlyBooleanProperty hasServerProperty() {
        return hasServer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverNameProperty() {
        return serverName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverUrlProperty() {
        return serverUrl.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty appNameProperty() {
        return appName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dslHashProperty() {
        return dslHash.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty uptimeProperty() {
        return uptime.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headerErrorProperty() {
        return headerError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ServerStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** JavaFX bean getter of {@link #staleProperty()} (a property read, nothing waits). */
    public boolean isStale() {
        return stale.getValue();
    }

    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty staleMessageProperty() {
        return staleMessage.getReadOnlyProperty();
    }

    /** Always six, in dashboard order. */
    public ObservableList<Check> checks() {
        return checks;
    }

    public ReadOnlyStringProperty outboxPendingProperty() {
        return outboxPending.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outboxPublishingProperty() {
        return outboxPublishing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outboxPublishedProperty() {
        return outboxPublished.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outboxFailedProperty() {
        return outboxFailed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outboxOldestProperty() {
        return outboxOldest.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outboxErrorProperty() {
        return outboxError.getReadOnlyProperty();
    }

    /** JavaFX bean getter of {@link #windowProperty()}. */
    public LagWindow getWindow() {
        return window.getValue();
    }

    public ObjectProperty<LagWindow> windowProperty() {
        return window;
    }

    public ObservableList<LagSeries> lag() {
        return lag;
    }

    public ReadOnlyStringProperty lagErrorProperty() {
        return lagError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lagNoteProperty() {
        return lagNote.getReadOnlyProperty();
    }

    public ObservableList<DazzleStats.EntityCount> entities() {
        return entities;
    }

    public ReadOnlyStringProperty entitiesErrorProperty() {
        return entitiesError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty totalRecordsProperty() {
        return totalRecords.getReadOnlyProperty();
    }

    /** The snapshot shown now (null before the first). */
    public ServerSnapshot lastSnapshot() {
        return last;
    }

    static String lower(Object o) {
        return String.valueOf(o).toLowerCase(Locale.ROOT);
    }
}
