package com.dazzleops.console.jobs;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.jobs.CrudPage;
import com.dazzleops.model.ops.jobs.JobRun;
import com.dazzleops.model.ops.jobs.JobRunSummary;
import com.dazzleops.model.ops.jobs.JobRunsPage;
import com.dazzleops.model.ops.jobs.JobsStatus;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The JobRun browser of one server: the jobs summary ({@code /_dazzle/jobs}) and the newest runs, or only the failed
 * and dead-lettered ones, from the jobs explorer ({@code /_dazzle/jobs/runs}, {@code /_dazzle/jobs/dead-letter}).
 * Servers without the explorer (Dazzle before 0.71.122, or no {@code job} blocks) are read through the JobRun CRUD
 * list ({@code /jobruns}, else {@code /api/jobruns} on 0.71), with the profile's credentials when it has some.
 * Runs pending or running longer than {@link #STUCK_AFTER} are marked stuck (the dashboard's "no stuck settlements"
 * check, per run).
 *
 * <p>State lives on the UI thread; HTTP on {@code background}; late answers for another server or filter are dropped;
 * a failed refresh keeps the last rows and says why.
 */
public final class JobsViewModel {

    public static final Duration STUCK_AFTER = Duration.ofMinutes(5);
    public static final int MAX_LIMIT = 100;

    /** Which runs to list. */
    public enum Scope {
        RECENT("Newest runs"), FAILED("Failed and dead-lettered");

        private final String label;

        Scope(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One run, whichever list it came from. {@code payload} is only known from the CRUD list. */
    public record Row(String id, String jobName, String status, int attempt, String errorMessage, WireTime createdAt,
                      WireTime startedAt, WireTime finishedAt, Long durationMs, String payload, boolean stuck) {

        static Row of(JobRunSummary r, Instant now) {
            return new Row(r.jobRunId(), r.jobName(), r.status(), r.attempt(), r.errorMessage(), r.createdAt(),
                    r.startedAt(), r.finishedAt(), r.durationMs(), null, stuck(r.status(), r.startedAt(), r.createdAt(), now));
        }

        static Row of(JobRun r, Instant now) {
            Integer a = r.attemptNumber();
            String payload = r.payload() == null ? null
                    : r.payload().rawText().orElseGet(() -> String.valueOf(r.payload().value()));
            return new Row(r.id() == null ? "" : r.id(), r.jobName() == null ? "" : r.jobName(),
                    r.status() == null ? "unknown" : r.status(), a == null || a == 0 ? 1 : a, r.errorMessage(),
                    r.createdAt(), r.startedAt(), r.finishedAt(), r.durationMs(), payload,
                    stuck(r.status(), r.startedAt(), r.createdAt(), now));
        }

        static boolean stuck(String status, WireTime started, WireTime created, Instant now) {
            if (!JobRun.PENDING.equals(status) && !JobRun.RUNNING.equals(status)) {
                return false;
            }
            WireTime since = started != null && started.isValid() ? started : created;
            return since != null && since.isValid()
                    && Duration.between(since.toInstant(), now).compareTo(STUCK_AFTER) >= 0;
        }

        public boolean failed() {
            return JobRun.FAILED.equals(status) || JobRun.DEAD_LETTER.equals(status);
        }
    }

    /** What one refresh read. */
    record Fetch(WireResult<JobsStatus> status, WireResult<List<Row>> rows, long total, String source,
                 String crudPath) {
    }

    private final Executor background;
    private final Executor ui;
    private final Function<ServerProfile, DazzleClient> clients;
    private final Clock clock;

    private final ObjectProperty<ServerProfile> server = new SimpleObjectProperty<>();
    private final ObjectProperty<Scope> scope = new SimpleObjectProperty<>(Scope.RECENT);
    private final StringProperty jobFilter = new SimpleStringProperty("");
    private final StringProperty statusFilter = new SimpleStringProperty("");
    private final IntegerProperty limit = new SimpleIntegerProperty(MAX_LIMIT);
    private final ObservableList<Row> fetched = FXCollections.observableArrayList();
    private final FilteredList<Row> rows = new FilteredList<>(fetched);
    private final ObservableList<String> jobNames = FXCollections.observableArrayList();
    private final ObservableList<String> statuses = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<JobsStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper statusError = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Select a server to see its job runs.");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper stuckCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>();

    private long generation;
    private long total;
    private boolean loadedOnce;
    /** The CRUD path that answered for this server, once the explorer turned out to be missing. */
    private String crudPath;

    public JobsViewModel(Executor background, Executor ui, Function<ServerProfile, DazzleClient> clients, Clock clock) {
        this.background = Objects.requireNonNull(background, "background");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        server.addListener((o, a, b) -> {
            if (a == null || b == null || !a.id().equals(b.id())) {
                fetched.clear();
                jobNames.clear();
                statuses.clear();
                status.set(null);
                statusError.set(null);
                error.set(null);
                source.set("");
                stuckCount.set(0);
                crudPath = null;
                loadedOnce = false;
                total = 0;
            }
            refresh();
        });
        scope.addListener((o, a, b) -> refresh());
        limit.addListener((o, a, b) -> refresh());
        jobFilter.addListener((o, a, b) -> applyFilter());
        statusFilter.addListener((o, a, b) -> applyFilter());
    }

    /** Reads the summary and the runs again (UI thread). */
    public void refresh() {
        ServerProfile p = server.get();
        long gen = ++generation;
        if (p == null) {
            loading.set(false);
            summary.set("Select a server to see its job runs.");
            return;
        }
        Scope sc = scope.get();
        int n = Math.max(1, Math.min(MAX_LIMIT, limit.get()));
        String knownCrud = crudPath;
        loading.set(true);
        background.execute(() -> {
            Fetch f;
            try {
                f = fetch(clients.apply(p), sc, n, knownCrud, clock.instant());
            } catch (RuntimeException e) { // the client promises not to throw
                f = new Fetch(WireResult.failure(WireResult.Kind.MALFORMED, 0, e.toString(), null),
                        WireResult.failure(WireResult.Kind.MALFORMED, 0, e.toString(), null), 0, "", knownCrud);
            }
            Fetch result = f;
            ui.execute(() -> {
                if (gen == generation) {
                    loading.set(false);
                    apply(p, result);
                }
            });
        });
    }

    /** Blocking: the explorer first, then the CRUD list (the remembered path, else /jobruns, else /api/jobruns). */
    static Fetch fetch(DazzleClient c, Scope scope, int limit, String knownCrud, Instant now) {
        if (knownCrud == null) {
            WireResult<JobsStatus> st = c.jobs();
            boolean explorer = !(st.failure().map(f -> f.kind() == WireResult.Kind.NOT_DECLARED).orElse(false));
            if (explorer) {
                WireResult<JobRunsPage> page = scope == Scope.RECENT ? c.jobRuns(limit) : c.jobDeadLetters(limit);
                String src = "GET /_dazzle/jobs/" + (scope == Scope.RECENT ? "runs" : "dead-letter") + "?limit=" + limit;
                long total = page.valueIfOk().map(JobRunsPage::total).orElse(0L);
                return new Fetch(st, page.map(pg -> pg.runs().stream().map(r -> Row.of(r, now)).toList()), total, src,
                        null);
            }
        }
        List<String> paths = knownCrud != null ? List.of(knownCrud) : List.of("/jobruns", "/api/jobruns");
        WireResult<CrudPage<JobRun>> last = null;
        String used = null;
        for (String path : paths) {
            last = c.jobRunsCrud(path, limit, null);
            used = path;
            if (!last.failure().map(f -> f.kind() == WireResult.Kind.NOT_DECLARED).orElse(false)) {
                break;
            }
        }
        WireResult<CrudPage<JobRun>> crud = last;
        boolean found = !crud.failure().map(f -> f.kind() == WireResult.Kind.NOT_DECLARED).orElse(false);
        WireResult<List<Row>> rows = crud.map(pg -> {
            List<Row> out = new ArrayList<>();
            for (JobRun r : pg.items()) {
                Row row = Row.of(r, now);
                if (scope == Scope.RECENT || row.failed()) {
                    out.add(row);
                }
            }
            return out;
        });
        WireResult<JobsStatus> noExplorer = WireResult.failure(WireResult.Kind.NOT_DECLARED, 404,
                "no jobs explorer (/_dazzle/jobs) on this server", null);
        return new Fetch(noExplorer, rows, crud.valueIfOk().map(CrudPage::total).orElse(0L),
                "GET " + used + " (JobRun list" + (scope == Scope.FAILED ? ", failed runs of the newest page" : "") + ")",
                found ? used : null);
    }

    private void apply(ServerProfile p, Fetch f) {
        crudPath = f.crudPath();
        if (f.status().isOk()) {
            status.set(f.status().valueIfOk().orElseThrow());
            statusError.set(null);
        } else {
            status.set(null);
            statusError.set(f.status().failure().map(x -> x.message()).orElse(null));
        }
        source.set(f.source());
        if (f.rows().isOk()) {
            Row keep = selected.get();
            List<Row> list = f.rows().valueIfOk().orElseThrow();
            fetched.setAll(list);
            total = f.total();
            error.set(null);
            loadedOnce = true;
            remember(jobNames, list.stream().map(Row::jobName).toList());
            remember(statuses, list.stream().map(Row::status).toList());
            stuckCount.set((int) list.stream().filter(Row::stuck).count());
            applyFilter();
            selected.set(keep == null ? null : fetched.stream().filter(r -> r.id().equals(keep.id())).findFirst()
                    .orElse(null));
            return;
        }
        WireResult.Failure<List<Row>> fail = f.rows().failure().orElseThrow();
        error.set(describe(p, fail));
        if (!loadedOnce) {
            summary.set("No job runs from " + p.displayName() + ".");
        }
    }

    static String describe(ServerProfile p, WireResult.Failure<?> f) {
        String base = p.displayName() + ": ";
        return switch (f.kind()) {
            case NOT_DECLARED -> base + "no job runs here (no jobs explorer and no JobRun list: the app declares no jobs).";
            case UNAUTHORIZED -> base + "the JobRun list needs credentials: add a session cookie or bearer token to"
                    + " this server (" + f.message() + ").";
            case UNREACHABLE -> base + "no answer (" + f.message() + "); showing the last runs.";
            default -> base + f.message();
        };
    }

    private static void remember(ObservableList<String> known, List<String> seen) {
        TreeSet<String> all = new TreeSet<>(known);
        all.addAll(seen);
        if (!all.equals(new TreeSet<>(known))) {
            known.setAll(all);
        }
    }

    private void applyFilter() {
        String job = trim(jobFilter.get());
        String st = trim(statusFilter.get());
        rows.setPredicate(job.isEmpty() && st.isEmpty() ? null
                : r -> (job.isEmpty() || r.jobName().equals(job)) && (st.isEmpty() || r.status().equals(st)));
        ServerProfile p = server.get();
        if (p == null || !loadedOnce) {
            return;
        }
        String what = scope.get() == Scope.RECENT ? "runs" : "failed or dead-lettered runs";
        String stuck = stuckCount.get() == 0 ? "" : String.format(Locale.ROOT, " · %d stuck (pending or running %d min or"
                + " more)", stuckCount.get(), STUCK_AFTER.toMinutes());
        if (fetched.isEmpty()) {
            summary.set("No " + what + " on " + p.displayName() + ".");
        } else if (rows.size() == fetched.size()) {
            summary.set(String.format(Locale.ROOT, "%d newest of %d %s%s", fetched.size(), total, what, stuck));
        } else {
            summary.set(String.format(Locale.ROOT, "%d shown of the %d newest (%d %s in all)%s", rows.size(),
                    fetched.size(), total, what, stuck));
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    // ---- properties ------------------------------------------------------------------------------------------------

    public int getLimit() {
        return limit.get();
    }

    /** The jobs summary, or null. */
    public JobsStatus getStatus() {
        return status.get();
    }

    /** Why there is no jobs summary, or null. */
    public String getStatusError() {
        return statusError.get();
    }

    /** The selected run, or null. */
    public Row getSelected() {
        return selected.get();
    }

    public ObjectProperty<ServerProfile> serverProperty() {
        return server;
    }

    public ObjectProperty<Scope> scopeProperty() {
        return scope;
    }

    public StringProperty jobFilterProperty() {
        return jobFilter;
    }

    public StringProperty statusFilterProperty() {
        return statusFilter;
    }

    public IntegerProperty limitProperty() {
        return limit;
    }

    /** The runs after the job and status filters, newest first. */
    public ObservableList<Row> rows() {
        return rows;
    }

    public ObservableList<String> jobNames() {
        return jobNames;
    }

    public ObservableList<String> statuses() {
        return statuses;
    }

    /** The {@code /_dazzle/jobs} summary, or null (then {@link #statusErrorProperty()} says why). */
    public ReadOnlyObjectProperty<JobsStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusErrorProperty() {
        return statusError.getReadOnlyProperty();
    }

    /** Why the last refresh of the runs failed, or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The request the rows came from. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stuckCountProperty() {
        return stuckCount.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ObjectProperty<Row> selectedProperty() {
        return selected;
    }
}
