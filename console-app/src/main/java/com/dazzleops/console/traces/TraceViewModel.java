package com.dazzleops.console.traces;

import com.dazzleops.model.perf.PerfSpan;
import com.dazzleops.perf.compare.RunComparison;
import com.dazzleops.perf.findings.Finding;
import com.dazzleops.perf.findings.FindingsEngine;
import com.dazzleops.perf.findings.FindingsResult;
import com.dazzleops.perf.read.Attributes;
import com.dazzleops.perf.read.Integrity;
import com.dazzleops.perf.read.OrphanGroup;
import com.dazzleops.perf.read.RunSummary;
import com.dazzleops.perf.read.SpanQuery;
import com.dazzleops.perf.read.SpanRow;
import com.dazzleops.perf.read.TraceFile;
import com.dazzleops.perf.read.TraceFileException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * State and logic of the traces page, without controls: which file and run is open, the lazily loaded span tree,
 * the selected span's details, search, findings, critical path, comparison and recent files.
 *
 * <p>Every file access runs on the injected background executor and comes back through the UI executor (the FX
 * thread in the app, the same thread in tests). Results of a file that has since been replaced are dropped.
 */
public final class TraceViewModel {

    private static final int TOP_LEVEL_MAX = 50_000;

    private final Executor background;
    private final Executor ui;
    private final RecentFiles recentFiles;

    private TraceFile file;
    private int generation;

    private final ReadOnlyObjectWrapper<Path> path = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Open a trace file (.dazzle/perf/RUN_ID.db)");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RunSummary> run = new ReadOnlyObjectWrapper<>();
    private final ObservableList<SpanNode> topLevel = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper integrityNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<SpanDetails> details = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<List<SpanNode>> reveal = new ReadOnlyObjectWrapper<>();
    private final ObservableSet<String> criticalPath = FXCollections.observableSet();
    private final ObservableSet<String> highlighted = FXCollections.observableSet();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper findingsStatus = new ReadOnlyStringWrapper("");
    private final ObservableList<SpanRow> searchResults = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper searchStatus = new ReadOnlyStringWrapper("");
    private final ObservableList<RunComparison.Row> comparison = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper comparisonTitle = new ReadOnlyStringWrapper("");
    private final ObservableList<Path> recent = FXCollections.observableArrayList();

    // search form
    private final StringProperty searchName = new SimpleStringProperty("");
    private final StringProperty searchKey = new SimpleStringProperty("");
    private final StringProperty searchValue = new SimpleStringProperty("");
    private final StringProperty searchMinMs = new SimpleStringProperty("");
    private final BooleanProperty searchErrorsOnly = new SimpleBooleanProperty(false);

    private SpanNode orphanGroup;
    private SpanNode cycleGroup;

    public TraceViewModel(Executor background, Executor ui, RecentFiles recentFiles) {
        this.background = background;
        this.ui = ui;
        this.recentFiles = recentFiles;
        run(recentFiles::load, recent::setAll, e -> { });
    }

    // ---------------------------------------------------------------- opening

    /** Opens a trace file read-only; a bad file leaves its message in {@link #errorProperty()}. */
    public void open(Path newPath) {
        int gen = ++generation;
        TraceFile old = file;
        file = null;
        clear();
        path.set(newPath);
        error.set(null);
        busy.set(true);
        status.set("Opening " + newPath.getFileName() + " …");
        if (old != null) {
            background.execute(old::close);
        }
        run(() -> {
            TraceFile tf = TraceFile.open(newPath);
            try {
                List<RunSummary> list = tf.runs();
                Optional<RunSummary> first = tf.defaultRun();
                List<SpanRow> roots = first.isPresent() ? tf.roots(first.get().runId()) : List.of();
                return new Opened(tf, list, first.orElse(null), roots);
            } catch (TraceFileException | RuntimeException e) {
                tf.close();
                throw e;
            }
        }, opened -> {
            if (gen != generation) {
                background.execute(opened.file()::close);
                return;
            }
            file = opened.file();
            runs.setAll(opened.runs());
            run(() -> recentFiles.add(newPath), recent::setAll, e -> { });
            if (opened.run() == null) {
                busy.set(false);
                error.set(newPath.getFileName() + " has the dazzle perf schema but no runs and no spans.");
                status.set(error.get());
                return;
            }
            showRun(opened.run(), opened.roots(), gen);
        }, e -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            error.set(message(e));
            status.set(error.get());
        });
    }

    private record Opened(TraceFile file, List<RunSummary> runs, RunSummary run, List<SpanRow> roots) {
    }

    /** Switches to another run of the open file. */
    public void selectRun(RunSummary summary) {
        if (file == null || summary == null || (run.get() != null && run.get().runId().equals(summary.runId()))) {
            return;
        }
        int gen = ++generation;
        TraceFile tf = file;
        clearRun();
        busy.set(true);
        run(() -> tf.roots(summary.runId()), roots -> {
            if (gen == generation) {
                showRun(summary, roots, gen);
            }
        }, this::fail);
    }

    private void showRun(RunSummary summary, List<SpanRow> roots, int gen) {
        run.set(summary);
        List<SpanRow> shown = roots.size() > TOP_LEVEL_MAX ? roots.subList(0, TOP_LEVEL_MAX) : roots;
        topLevel.setAll(shown.stream().map(SpanNode::top).toList());
        String ended = summary.run().endedAt() == null ? "not finished" : "ended " + summary.run().endedAt();
        if (summary.spanCount() == 0) {
            status.set("Run " + summary.runId() + " has no spans (" + ended + ").");
        } else {
            status.set(String.format(Locale.ROOT, "Run %s: %,d spans, %,d top-level%s (%s)", summary.runId(),
                    summary.spanCount(), roots.size(), roots.size() > TOP_LEVEL_MAX ? ", first " + TOP_LEVEL_MAX + " shown" : "",
                    ended));
        }
        busy.set(false);
        TraceFile tf = file;
        String runId = summary.runId();
        // Orphans, cycles and findings each need a pass over the run: after the first level, in the background.
        run(() -> tf.orphans(runId), groups -> {
            if (gen == generation) {
                addOrphans(groups);
            }
        }, this::fail);
        run(() -> tf.integrity(runId), integrity -> {
            if (gen == generation) {
                addCycles(integrity);
            }
        }, this::fail);
        findingsStatus.set("Computing findings …");
        run(() -> FindingsEngine.compute(tf, runId), (FindingsResult result) -> {
            if (gen == generation) {
                findings.setAll(result.findings());
                findingsStatus.set(result.findings().isEmpty() ? "No findings." : result.findings().size() + " findings");
            }
        }, e -> {
            if (gen == generation) {
                findingsStatus.set("Findings failed: " + message(e));
            }
        });
    }

    private void addOrphans(List<OrphanGroup> groups) {
        if (groups.isEmpty()) {
            return;
        }
        List<SpanNode> members = new ArrayList<>();
        int spans = 0;
        for (OrphanGroup g : groups) {
            for (SpanRow r : g.spans()) {
                members.add(SpanNode.top(r));
                spans++;
            }
        }
        orphanGroup = SpanNode.group(SpanNode.Kind.ORPHAN_GROUP, String.format(Locale.ROOT,
                "orphaned: %d span%s whose parent is not in the run (%d missing parent%s)", spans, spans == 1 ? "" : "s",
                groups.size(), groups.size() == 1 ? "" : "s"), members);
        topLevel.add(orphanGroup);
        note();
    }

    private void addCycles(Integrity integrity) {
        if (!integrity.hasCycles()) {
            return;
        }
        Set<String> members = new HashSet<>(integrity.cycleMembers());
        List<SpanNode> nodes = integrity.unreachable().stream().filter(r -> members.contains(r.spanId()))
                .map(SpanNode::top).toList();
        cycleGroup = SpanNode.group(SpanNode.Kind.CYCLE_GROUP, String.format(Locale.ROOT,
                "parent-id cycle: %d span%s unreachable from any root", integrity.unreachable().size(),
                integrity.unreachable().size() == 1 ? "" : "s"), nodes);
        topLevel.add(cycleGroup);
        note();
    }

    private void note() {
        List<String> parts = new ArrayList<>();
        if (orphanGroup != null) {
            parts.add(orphanGroup.children().size() + " orphaned");
        }
        if (cycleGroup != null) {
            parts.add(cycleGroup.children().size() + " in a parent-id cycle");
        }
        integrityNote.set(String.join(" · ", parts));
    }

    // ---------------------------------------------------------------- tree

    /** Loads a node's children once (the view calls this when a node is expanded). */
    public void loadChildren(SpanNode node) {
        if (file == null || node.kind() != SpanNode.Kind.SPAN || !node.expandable() || !node.beginLoading()) {
            return;
        }
        int gen = generation;
        TraceFile tf = file;
        String runId = run.get().runId();
        run(() -> tf.children(runId, node.spanId()), rows -> {
            if (gen == generation) {
                node.fill(rows);
            }
        }, e -> {
            node.failed();
            fail(e);
        });
    }

    /** Shows a span's attributes, events and ids. */
    public void select(SpanNode node) {
        if (node == null || node.row() == null || file == null) {
            details.set(null);
            return;
        }
        int gen = generation;
        TraceFile tf = file;
        SpanRow row = node.row();
        run(() -> {
            PerfSpan span = tf.span(row.spanId()).orElse(row.span());
            return new SpanDetails(span, Attributes.parse(span.attributesJson()), tf.events(row.spanId()),
                    row.childCount(), row.selfNs(), row.span().startedNs() - node.windowStartNs());
        }, d -> {
            if (gen == generation) {
                details.set(d);
            }
        }, this::fail);
    }

    /** Expands the tree down to a span and asks the view to select it. */
    public void reveal(String spanId) {
        if (file == null || run.get() == null) {
            return;
        }
        int gen = generation;
        TraceFile tf = file;
        String runId = run.get().runId();
        run(() -> {
            List<SpanRow> chain = tf.pathTo(runId, spanId);
            Map<String, List<SpanRow>> kids = new HashMap<>();
            for (int i = 0; i < chain.size() - 1; i++) {
                kids.put(chain.get(i).spanId(), tf.children(runId, chain.get(i).spanId()));
            }
            return new Chain(chain, kids);
        }, chain -> {
            if (gen != generation) {
                return;
            }
            List<SpanNode> nodes = expand(chain);
            if (nodes.isEmpty()) {
                status.set("Span " + spanId + " is not in the tree (parent-id cycle?)");
                return;
            }
            reveal.set(null);
            reveal.set(nodes);
        }, this::fail);
    }

    private record Chain(List<SpanRow> spans, Map<String, List<SpanRow>> children) {
    }

    /** Fills nodes along a chain of spans (top first) and returns the nodes from the top-level one down. */
    private List<SpanNode> expand(Chain chain) {
        if (chain.spans().isEmpty()) {
            return List.of();
        }
        SpanRow top = chain.spans().get(0);
        List<SpanNode> nodes = new ArrayList<>();
        SpanNode cur = null;
        for (SpanNode n : topLevel) {
            if (top.spanId().equals(n.spanId())) {
                cur = n;
                break;
            }
        }
        if (cur == null) {
            for (SpanNode group : new SpanNode[] {orphanGroup, cycleGroup}) {
                if (group != null && group.find(top.spanId()) != null) {
                    nodes.add(group);
                    cur = group.find(top.spanId());
                    break;
                }
            }
        }
        if (cur == null) {
            return List.of();
        }
        nodes.add(cur);
        for (int i = 1; i < chain.spans().size(); i++) {
            if (!cur.isLoaded()) {
                List<SpanRow> kids = chain.children().get(cur.spanId());
                if (kids == null) {
                    break;
                }
                cur.fill(kids);
            }
            SpanNode next = cur.find(chain.spans().get(i).spanId());
            if (next == null) {
                break;
            }
            nodes.add(next);
            cur = next;
        }
        return nodes;
    }

    /**
     * The critical path below a span: repeatedly the child that finished last (the one its parent waited for),
     * highlighted and revealed.
     */
    public void criticalPath(SpanNode from) {
        if (file == null || from == null || from.row() == null) {
            return;
        }
        int gen = generation;
        TraceFile tf = file;
        String runId = run.get().runId();
        String startId = from.spanId();
        run(() -> {
            List<SpanRow> up = tf.pathTo(runId, startId);
            Map<String, List<SpanRow>> kids = new HashMap<>();
            for (int i = 0; i < up.size() - 1; i++) {
                kids.put(up.get(i).spanId(), tf.children(runId, up.get(i).spanId()));
            }
            List<SpanRow> path = new ArrayList<>(up);
            Set<String> seen = new HashSet<>();
            path.forEach(r -> seen.add(r.spanId()));
            SpanRow cur = up.isEmpty() ? from.row() : up.get(up.size() - 1);
            List<String> critical = new ArrayList<>();
            critical.add(cur.spanId());
            while (cur.hasChildren()) {
                List<SpanRow> children = tf.children(runId, cur.spanId());
                kids.put(cur.spanId(), children);
                SpanRow last = null;
                for (SpanRow c : children) {
                    if (seen.contains(c.spanId())) {
                        continue;
                    }
                    if (last == null || c.span().endedNs() > last.span().endedNs()
                            || (c.span().endedNs() == last.span().endedNs() && c.span().durationNs() > last.span().durationNs())) {
                        last = c;
                    }
                }
                if (last == null) {
                    break;
                }
                seen.add(last.spanId());
                path.add(last);
                critical.add(last.spanId());
                cur = last;
            }
            return new Object[] {new Chain(path, kids), critical};
        }, result -> {
            if (gen != generation) {
                return;
            }
            Chain chain = (Chain) result[0];
            @SuppressWarnings("unchecked") List<String> critical = (List<String>) result[1];
            criticalPath.clear();
            criticalPath.addAll(critical);
            List<SpanNode> nodes = expand(chain);
            status.set("Critical path: " + critical.size() + " spans from " + from.label());
            if (!nodes.isEmpty()) {
                reveal.set(null);
                reveal.set(nodes);
            }
        }, this::fail);
    }

    // ---------------------------------------------------------------- search and findings

    public void search() {
        if (file == null || run.get() == null) {
            return;
        }
        long minNs;
        try {
            String ms = searchMinMs.get() == null ? "" : searchMinMs.get().trim();
            minNs = ms.isEmpty() ? 0 : (long) (Double.parseDouble(ms) * 1e6);
        } catch (NumberFormatException e) {
            searchStatus.set("Minimum duration must be a number of milliseconds, not '" + searchMinMs.get() + "'");
            return;
        }
        SpanQuery q = new SpanQuery(searchName.get(), searchKey.get(), searchValue.get(), minNs, searchErrorsOnly.get(), 500);
        if (q.isEmpty()) {
            searchResults.clear();
            highlighted.clear();
            searchStatus.set("Give a name, an attribute, a minimum duration or errors only.");
            return;
        }
        int gen = generation;
        TraceFile tf = file;
        String runId = run.get().runId();
        searchStatus.set("Searching …");
        run(() -> tf.search(runId, q), rows -> {
            if (gen != generation) {
                return;
            }
            searchResults.setAll(rows);
            highlighted.clear();
            rows.forEach(r -> highlighted.add(r.spanId()));
            searchStatus.set(rows.isEmpty() ? "No span matches." : rows.size() + (rows.size() == 500 ? "+ spans (longest first)" : " spans, longest first"));
        }, e -> searchStatus.set("Search failed: " + message(e)));
    }

    /** Highlights a finding's spans and reveals the {@code index}-th one (wrapping). */
    public void showFinding(Finding finding, int index) {
        if (finding == null || finding.spanIds().isEmpty()) {
            return;
        }
        highlighted.clear();
        highlighted.addAll(finding.spanIds());
        int i = Math.floorMod(index, finding.spanIds().size());
        status.set(finding.category().heading() + ": " + finding.title() + " (span " + (i + 1) + " of " + finding.spanIds().size() + ")");
        reveal(finding.spanIds().get(i));
    }

    // ---------------------------------------------------------------- comparison

    /** Compares the open run (A) with a run of another file, or of this file when {@code other} is null (B). */
    public void compareWith(Path other, String otherRunId) {
        if (file == null || run.get() == null) {
            return;
        }
        TraceFile tf = file;
        String runA = run.get().runId();
        comparisonTitle.set("Comparing …");
        run(() -> {
            TraceFile b = other == null ? tf : TraceFile.open(other);
            try {
                String runB = otherRunId;
                if (runB == null) {
                    runB = other == null
                            ? tf.runs().stream().map(RunSummary::runId).filter(id -> !id.equals(runA)).findFirst()
                                    .orElseThrow(() -> new TraceFileException(TraceFileException.Reason.NO_RUNS,
                                            "this file has only one run: choose another file to compare with"))
                            : b.defaultRun().map(RunSummary::runId).orElseThrow(() -> new TraceFileException(
                                    TraceFileException.Reason.NO_RUNS, other.getFileName() + " has no runs"));
                }
                List<RunComparison.Row> rows = RunComparison.compare(tf, runA, b, runB);
                return new Object[] {rows, "A: " + runA + "   B: " + runB + (other == null ? "" : " (" + other.getFileName() + ")")};
            } finally {
                if (b != tf) {
                    b.close();
                }
            }
        }, result -> {
            @SuppressWarnings("unchecked") List<RunComparison.Row> rows = (List<RunComparison.Row>) result[0];
            comparison.setAll(rows);
            comparisonTitle.set((String) result[1]);
        }, e -> comparisonTitle.set("Comparison failed: " + message(e)));
    }

    // ---------------------------------------------------------------- plumbing

    private <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        background.execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable e) {
                ui.execute(() -> onFailure.accept(e));
                return;
            }
            ui.execute(() -> onSuccess.accept(result));
        });
    }

    private void fail(Throwable e) {
        busy.set(false);
        status.set(message(e));
    }

    static String message(Throwable e) {
        if (e instanceof TraceFileException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void clear() {
        runs.clear();
        clearRun();
    }

    private void clearRun() {
        run.set(null);
        topLevel.clear();
        orphanGroup = null;
        cycleGroup = null;
        integrityNote.set("");
        details.set(null);
        criticalPath.clear();
        highlighted.clear();
        findings.clear();
        findingsStatus.set("");
        searchResults.clear();
        searchStatus.set("");
        comparison.clear();
        comparisonTitle.set("");
    }

    /** Closes the open file (in the background). */
    public void close() {
        generation++;
        TraceFile old = file;
        file = null;
        if (old != null) {
            background.execute(old::close);
        }
    }

    // ---------------------------------------------------------------- properties

    public ReadOnlyObjectProperty<Path> pathProperty() {
        return path.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObservableList<RunSummary> runs() {
        return runs;
    }

    public ReadOnlyObjectProperty<RunSummary> runProperty() {
        return run.getReadOnlyProperty();
    }

    public ObservableList<SpanNode> topLevel() {
        return topLevel;
    }

    public ReadOnlyStringProperty integrityNoteProperty() {
        return integrityNote.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SpanDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The node chain (top-level first) the view should expand and select; set anew on each reveal. */
    public ReadOnlyObjectProperty<List<SpanNode>> revealProperty() {
        return reveal.getReadOnlyProperty();
    }

    public ObservableSet<String> criticalPath() {
        return criticalPath;
    }

    /** Spans to mark in the tree: search hits or the selected finding's spans. */
    public ObservableSet<String> highlighted() {
        return highlighted;
    }

    public ObservableList<Finding> findings() {
        return findings;
    }

    public ReadOnlyStringProperty findingsStatusProperty() {
        return findingsStatus.getReadOnlyProperty();
    }

    public ObservableList<SpanRow> searchResults() {
        return searchResults;
    }

    public ReadOnlyStringProperty searchStatusProperty() {
        return searchStatus.getReadOnlyProperty();
    }

    public ObservableList<RunComparison.Row> comparison() {
        return comparison;
    }

    public ReadOnlyStringProperty comparisonTitleProperty() {
        return comparisonTitle.getReadOnlyProperty();
    }

    public ObservableList<Path> recent() {
        return recent;
    }

    public StringProperty searchNameProperty() {
        return searchName;
    }

    public StringProperty searchKeyProperty() {
        return searchKey;
    }

    public StringProperty searchValueProperty() {
        return searchValue;
    }

    public StringProperty searchMinMsProperty() {
        return searchMinMs;
    }

    public BooleanProperty searchErrorsOnlyProperty() {
        return searchErrorsOnly;
    }

    /** One line per run for the run chooser: id, started, ended or "not finished", app, span count. */
    static String describe(RunSummary r) {
        String started = r.run().startedAt() == null ? "unknown start" : r.run().startedAt();
        String ended = r.run().endedAt() == null ? "not finished" : r.run().endedAt();
        String app = r.run().appName() == null ? "" : "  " + r.run().appName();
        return String.format(Locale.ROOT, "%s  ·  %s → %s%s  ·  %,d spans", r.runId(), started, ended, app, r.spanCount());
    }
}
