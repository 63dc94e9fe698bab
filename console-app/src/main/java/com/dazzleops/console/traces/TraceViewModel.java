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

    /** Top-level spans per page: a run with 100,000 requests shows its first page at once. */
    static final int PAGE = 2_000;
    private final int pageSize;
    /** Children per page of an expanded node (see {@link #CHILD_PAGE}). */
    private final int childPageSize;

    private final Executor background;
    private final Executor ui;
    private final RecentFiles recentFiles;

    /** Serves the tree and the details: short indexed queries only. */
    private TraceFile file;
    /** A second read-only connection for full passes (orphans, cycles, findings, search, compare), so a long
     *  pass never holds up expanding a node. */
    private TraceFile analysis;
    private final Object analysisLock = new Object();
    private volatile int generation;

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
        this(background, ui, recentFiles, PAGE);
    }

    TraceViewModel(Executor background, Executor ui, RecentFiles recentFiles, int pageSize) {
        this(background, ui, recentFiles, pageSize, CHILD_PAGE);
    }

    TraceViewModel(Executor background, Executor ui, RecentFiles recentFiles, int pageSize, int childPageSize) {
        this.pageSize = pageSize;
        this.childPageSize = childPageSize;
        this.background = background;
        this.ui = ui;
        this.recentFiles = recentFiles;
        run(recentFiles::load, recent::setAll, e -> { });
    }

    // ---------------------------------------------------------------- opening

    /** Opens a trace file read-only; a bad file leaves its message in {@link #errorProperty()}. */
    public void open(Path newPath) {
        long t0 = System.nanoTime();
        int gen = ++generation;
        closeFiles();
        clear();
        path.set(newPath);
        error.set(null);
        busy.set(true);
        status.set("Opening " + newPath.getFileName() + " …");
        run(() -> {
            List<String> phases = new ArrayList<>();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            phases.add(phase("task started", t0, cpu0));
            TraceFile tf = TraceFile.open(newPath);
            phases.add(phase("file opened and checked", t0, cpu0));
            try {
                // Only what the first level needs: the runs rows and the run ids spans carry (an index skip scan),
                // no span counts (they follow in the background) and no second connection yet.
                TraceFile.Listing listing = tf.listing();
                phases.add(phase("runs listed", t0, cpu0));
                RunSummary first = listing.first();
                List<SpanRow> roots = first != null ? tf.roots(first.runId(), null, pageSize) : List.of();
                phases.add(phase("first page of top-level spans read", t0, cpu0));
                long count = first != null ? tf.rootCount(first.runId()) : 0;
                phases.add(phase("top-level spans counted", t0, cpu0));
                return new Opened(tf, listing.runs(), first, roots, count, phases);
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
                openPhases = List.copyOf(opened.phases());
                return;
            }
            List<String> phases = new java.util.concurrent.CopyOnWriteArrayList<>(opened.phases());
            openPhases = phases;
            showRun(opened.run(), opened.roots(), opened.rootCount(), gen);
            phases.add(phase("top-level rows in the tree model", t0));
        }, e -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            error.set(message(e));
            status.set(error.get());
        });
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** "elapsed since the open call, CPU time of the opening task so far, step". */
    private static String phase(String what, long t0, long cpu0) {
        return String.format(Locale.ROOT, "%8.1f ms  (task CPU %6.1f ms)  %s", (System.nanoTime() - t0) / 1e6,
                (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6, what);
    }

    private static String phase(String what, long t0) {
        return String.format(Locale.ROOT, "%8.1f ms  %s", (System.nanoTime() - t0) / 1e6, what);
    }

    private volatile List<String> openPhases = List.of();

    /**
     * When each step of the last {@link #open} finished, in ms after the call, one line each (for the benchmark and
     * for diagnosing a slow open).
     */
    public List<String> openPhases() {
        return openPhases;
    }

    private record Opened(TraceFile file, List<RunSummary> runs, RunSummary run, List<SpanRow> roots, long rootCount,
                          List<String> phases) {
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
        runForeground(() -> new Object[] {tf.roots(summary.runId(), null, pageSize), tf.rootCount(summary.runId())}, page -> {
            if (gen == generation) {
                @SuppressWarnings("unchecked") List<SpanRow> roots = (List<SpanRow>) page[0];
                showRun(summary, roots, (Long) page[1], gen);
            }
        }, this::fail);
    }

    private void showRun(RunSummary summary, List<SpanRow> roots, long rootCount, int gen) {
        run.set(summary);
        List<SpanNode> first = new ArrayList<>(roots.stream().map(SpanNode::top).toList());
        if (rootCount > roots.size() && !roots.isEmpty()) {
            first.add(SpanNode.more(rootCount - roots.size(), pageSize, roots.get(roots.size() - 1)));
        }
        topLevel.setAll(first);
        runStatus(summary, rootCount, roots.size());
        busy.set(false);
        String runId = summary.runId();
        Path filePath = path.get();
        findingsStatus.set("Computing findings …");
        // Span counts, orphans, cycles and findings each need a pass over the run: after the first level, one after
        // the other in ONE background task on a second read-only connection (opened here, after the first level),
        // so they never take more than one of the shared worker threads and expanding a node (on the other
        // connection) stays immediate.
        background.execute(() -> {
            try {
                TraceFile tf = analysisFile(gen, filePath);
                if (summary.spanCount() < 0) {
                    List<RunSummary> counted = tf.runs();
                    post(gen, () -> {
                        RunSummary current = counted.stream().filter(r -> r.runId().equals(runId)).findFirst().orElse(summary);
                        runs.setAll(counted);
                        run.set(current);
                        runStatus(current, rootCount, roots.size());
                    });
                }
                List<OrphanGroup> groups = tf.orphans(runId);
                post(gen, () -> addOrphans(groups));
                if (gen != generation) {
                    return;
                }
                Integrity integrity = tf.integrity(runId);
                post(gen, () -> addCycles(integrity));
                if (gen != generation) {
                    return;
                }
                FindingsResult result = FindingsEngine.compute(tf, runId);
                post(gen, () -> {
                    findings.setAll(result.findings());
                    findingsStatus.set(result.findings().isEmpty() ? "No findings." : result.findings().size() + " findings");
                });
            } catch (Throwable e) {
                post(gen, () -> {
                    findingsStatus.set("Analysis failed: " + message(e));
                    status.set(message(e));
                });
            }
        });
    }

    /**
     * The second connection (full passes, search, comparison), opened on first use from a background thread, so
     * opening a file does not wait for it.
     */
    private TraceFile analysisFile(int gen, Path filePath) throws TraceFileException {
        synchronized (analysisLock) {
            if (gen != generation || filePath == null) {
                throw new TraceFileException(TraceFileException.Reason.IO, "the file was closed");
            }
            if (analysis == null) {
                analysis = TraceFile.open(filePath);
                // full passes step aside while the operator's tree queries run (see runForeground)
                analysis.yieldTo(this::foregroundBusy, 1_000);
            }
            return analysis;
        }
    }

    private void post(int gen, Runnable r) {
        ui.execute(() -> {
            if (gen == generation) {
                r.run();
            }
        });
    }

    private void runStatus(RunSummary summary, long rootCount, int shownRoots) {
        String ended = summary.run().endedAt() == null ? "not finished" : "ended " + summary.run().endedAt();
        String spans = summary.spanCount() < 0 ? "counting spans …" : String.format(Locale.ROOT, "%,d spans", summary.spanCount());
        if (summary.spanCount() == 0) {
            status.set("Run " + summary.runId() + " has no spans (" + ended + ").");
        } else {
            status.set(String.format(Locale.ROOT, "Run %s: %s, %,d top-level%s (%s)", summary.runId(), spans, rootCount,
                    rootCount > shownRoots ? ", first " + shownRoots + " shown" : "", ended));
        }
    }

    private void addOrphans(List<OrphanGroup> groups) {
        if (groups.isEmpty()) {
            return;
        }
        List<SpanNode> members = new ArrayList<>();
        int spans = 0;
        for (OrphanGroup g : groups) {
            spans += g.spans().size();
            if (g.spans().size() == 1) {
                members.add(SpanNode.top(g.spans().get(0)));
            } else {
                // siblings whose common parent is missing (a request killed before its server span was written)
                members.add(SpanNode.group(SpanNode.Kind.ORPHAN_GROUP, String.format(Locale.ROOT,
                        "parent %s is not in the run: %d sibling spans", g.missingParentId(), g.spans().size()),
                        g.spans().stream().map(SpanNode::top).toList()));
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
            long n = orphanGroup.children().stream().mapToLong(c -> c.kind() == SpanNode.Kind.SPAN ? 1 : c.children().size()).sum();
            parts.add(n + " orphaned");
        }
        if (cycleGroup != null) {
            parts.add(cycleGroup.children().size() + " in a parent-id cycle");
        }
        integrityNote.set(String.join(" · ", parts));
    }

    // ---------------------------------------------------------------- tree

    /**
     * Loads a node's children once (the view calls this when a node is expanded): its first page of children, each
     * with its child count and self time, and a "more" row when it has more than a page. Expanding a "more" row loads
     * the next page.
     */
    public void loadChildren(SpanNode node) {
        if (node.kind() == SpanNode.Kind.MORE) {
            if (node.parent() == null) {
                loadMore(node);
            } else {
                loadMoreChildren(node);
            }
            return;
        }
        if (file == null || node.kind() != SpanNode.Kind.SPAN || !node.expandable() || !node.beginLoading()) {
            return;
        }
        loadPage(node, null);
    }

    /**
     * Reads the page of {@code node}'s children after {@code more}'s cursor (the first page when {@code more} is
     * null) plus one row, which tells whether a "more" row is needed whatever the node's count says; then fills the
     * node with it or puts it in place of {@code more}.
     */
    private void loadPage(SpanNode node, SpanNode more) {
        int gen = generation;
        TraceFile tf = file;
        String runId = run.get().runId();
        runForeground(() -> tf.childPage(runId, node.spanId(), more == null ? null : more.cursor(), childPageSize + 1),
                rows -> {
                    if (gen != generation) {
                        return;
                    }
                    List<SpanRow> page = rows.size() > childPageSize ? rows.subList(0, childPageSize) : rows;
                    SpanNode next = rows.size() > childPageSize ? moreChildren(node, page) : null;
                    if (more == null) {
                        node.fill(page, next);
                    } else {
                        node.appendPage(more, page, next);
                    }
                }, e -> {
                    (more == null ? node : more).failed();
                    fail(e);
                });
    }

    private SpanNode moreChildren(SpanNode node, List<SpanRow> shownNow) {
        long shown = shownNow.size() + node.children().stream().filter(c -> c.kind() == SpanNode.Kind.SPAN).count();
        long remaining = node.row().statsKnown() ? node.row().childCount() - shown : -1;
        return node.moreChildren(remaining, childPageSize, shownNow.get(shownNow.size() - 1));
    }

    /** Replaces a wide node's "more" row with its next page of children. */
    private void loadMoreChildren(SpanNode more) {
        if (file == null || !more.beginLoading()) {
            return;
        }
        loadPage(more.parent(), more);
    }

    /**
     * Children per page when a node is expanded: a node with 10,000 children shows its first page (every row with
     * its child count, self time and waterfall bar) and a "more" row, so no expansion reads or builds more than this.
     */
    static final int CHILD_PAGE = 500;

    /** Replaces a "more" row with the next page of top-level spans (and a new "more" row if any remain). */
    private void loadMore(SpanNode more) {
        if (file == null || !more.beginLoading()) {
            return;
        }
        int gen = generation;
        TraceFile tf = file;
        String runId = run.get().runId();
        runForeground(() -> new Object[] {tf.roots(runId, more.cursor(), pageSize), tf.rootCount(runId)}, page -> {
            if (gen != generation) {
                return;
            }
            @SuppressWarnings("unchecked") List<SpanRow> rows = (List<SpanRow>) page[0];
            int at = topLevel.indexOf(more);
            if (at < 0) {
                return;
            }
            List<SpanNode> next = new ArrayList<>(rows.stream().map(SpanNode::top).toList());
            long shown = topLevel.stream().filter(n -> n.kind() == SpanNode.Kind.SPAN && n.depth() == 0).count() + rows.size();
            long remaining = (Long) page[1] - shown;
            if (remaining > 0 && !rows.isEmpty()) {
                next.add(SpanNode.more(remaining, pageSize, rows.get(rows.size() - 1)));
            }
            topLevel.remove(at);
            topLevel.addAll(at, next);
        }, e -> {
            more.failed();
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
        String runId = run.get() == null ? row.span().runId() : run.get().runId();
        runForeground(() -> {
            PerfSpan span = tf.span(row.spanId()).orElse(row.span());
            SpanRow counted = row.statsKnown() ? row : row.withStats(tf.stats(runId, row.spanId()));
            return new SpanDetails(span, Attributes.parse(span.attributesJson()), tf.events(row.spanId()),
                    counted.childCount(), counted.selfNs(), row.span().startedNs() - node.windowStartNs());
        }, d -> {
            if (gen == generation) {
                details.set(d);
            }
        }, this::fail);
    }

    /** Expands the tree down to a span and asks the view to select it. */
    public void reveal(String spanId) {
        if (file == null || run.get() == null || spanId == null) {
            return;
        }
        int gen = generation;
        TraceFile tf = file;
        String runId = run.get().runId();
        runForeground(() -> {
            List<SpanRow> chain = tf.pathTo(runId, spanId);
            Map<String, List<SpanRow>> kids = new HashMap<>();
            for (int i = 0; i < chain.size() - 1; i++) {
                // each node's children up to the end of the page that holds the next span of the chain, as paging
                // through the "more" rows would show them
                int at = tf.childPosition(runId, chain.get(i).spanId(), chain.get(i + 1));
                kids.put(chain.get(i).spanId(), tf.childPage(runId, chain.get(i).spanId(), null,
                        (at / childPageSize + 1) * childPageSize));
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
                if (group == null) {
                    continue;
                }
                if (group.find(top.spanId()) != null) {
                    nodes.add(group);
                    cur = group.find(top.spanId());
                    break;
                }
                for (SpanNode sub : group.children()) {
                    if (sub.kind() != SpanNode.Kind.SPAN && sub.find(top.spanId()) != null) {
                        nodes.add(group);
                        nodes.add(sub);
                        cur = sub.find(top.spanId());
                        break;
                    }
                }
                if (cur != null) {
                    break;
                }
            }
        }
        if (cur == null && top.span().parentSpanId() == null) {
            // a root on a page not loaded yet: show it now, just before the "more" row
            cur = SpanNode.top(top);
            int at = 0;
            while (at < topLevel.size() && topLevel.get(at).kind() == SpanNode.Kind.SPAN) {
                at++;
            }
            topLevel.add(at, cur);
        }
        if (cur == null) {
            return List.of();
        }
        nodes.add(cur);
        for (int i = 1; i < chain.spans().size(); i++) {
            String want = chain.spans().get(i).spanId();
            if (!cur.isLoaded() || cur.find(want) == null) {
                // not expanded yet, or the span is on a page of a wide node not loaded yet: its pages up to it
                List<SpanRow> kids = chain.children().get(cur.spanId());
                if (kids == null) {
                    break;
                }
                cur.ensureFirst(kids, childPageSize);
            }
            SpanNode next = cur.find(want);
            if (next == null) {
                break;
            }
            nodes.add(next);
            cur = next;
        }
        return nodes;
    }

    /**
     * The critical path of a span's subtree: walking back from the span's end, the child that finished last is what
     * the parent waited for; before that child started, the child that finished last before it; and so on,
     * recursively inside each of them. Sequential work is all on the path, work that overlapped it is not. The path
     * is highlighted and expanded in the tree.
     */
    public void criticalPath(SpanNode from) {
        if (file == null || from == null || from.row() == null) {
            return;
        }
        int gen = generation;
        TraceFile tf = file;
        String runId = run.get().runId();
        String startId = from.spanId();
        runForeground(() -> {
            List<SpanRow> up = tf.pathTo(runId, startId);
            Map<String, List<SpanRow>> kids = new HashMap<>();
            for (int i = 0; i < up.size() - 1; i++) {
                kids.put(up.get(i).spanId(), tf.children(runId, up.get(i).spanId()));
            }
            SpanRow start = up.isEmpty() ? from.row() : up.get(up.size() - 1);
            List<String> critical = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            up.forEach(r -> seen.add(r.spanId()));
            critical(tf, runId, start, critical, seen, kids);
            return new Object[] {new Chain(up.isEmpty() ? List.of(start) : up, kids), critical};
        }, result -> {
            if (gen != generation) {
                return;
            }
            Chain chain = (Chain) result[0];
            @SuppressWarnings("unchecked") List<String> critical = (List<String>) result[1];
            List<SpanNode> nodes = expand(chain);
            if (!nodes.isEmpty()) {
                fillAlong(nodes.get(nodes.size() - 1), chain.children(), new HashSet<>(critical));
            }
            criticalPath.clear();
            criticalPath.addAll(critical);
            status.set("Critical path: " + critical.size() + " spans in " + from.label());
            if (!nodes.isEmpty()) {
                reveal.set(null);
                reveal.set(nodes);
            }
        }, this::fail);
    }

    private static final int CRITICAL_MAX = 10_000;

    private static void critical(TraceFile tf, String runId, SpanRow span, List<String> out, Set<String> seen,
                                 Map<String, List<SpanRow>> kids) throws TraceFileException {
        java.util.ArrayDeque<SpanRow> todo = new java.util.ArrayDeque<>();
        todo.push(span);
        while (!todo.isEmpty() && out.size() < CRITICAL_MAX) {
            SpanRow cur = todo.pop();
            out.add(cur.spanId());
            seen.add(cur.spanId());
            if (!cur.hasChildren()) {
                continue;
            }
            List<SpanRow> children = tf.children(runId, cur.spanId());
            kids.put(cur.spanId(), children);
            long cursor = cur.span().endedNs();
            while (true) {
                SpanRow last = null;
                long lastEnd = Long.MIN_VALUE;
                for (SpanRow c : children) {
                    if (seen.contains(c.spanId()) || c.span().startedNs() >= cursor) {
                        continue;
                    }
                    long end = Math.min(c.span().endedNs(), cursor);
                    if (end > lastEnd) {
                        last = c;
                        lastEnd = end;
                    }
                }
                if (last == null) {
                    break;
                }
                seen.add(last.spanId());
                todo.push(last);
                cursor = last.span().startedNs();
            }
        }
    }

    /** Fills the loaded children of every node on the path below {@code node}. */
    private void fillAlong(SpanNode node, Map<String, List<SpanRow>> kids, Set<String> on) {
        java.util.ArrayDeque<SpanNode> todo = new java.util.ArrayDeque<>();
        todo.push(node);
        while (!todo.isEmpty()) {
            SpanNode n = todo.pop();
            List<SpanRow> children = kids.get(n.spanId());
            if (children == null || n.cycleRef()) {
                continue;
            }
            if (!n.isLoaded() || n.hasMore()) {
                n.ensureFirst(children, childPageSize);
            }
            for (SpanNode c : n.children()) {
                if (on.contains(c.spanId())) {
                    todo.push(c);
                }
            }
        }
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
        Path filePath = path.get();
        String runId = run.get().runId();
        searchStatus.set("Searching …");
        run(() -> analysisFile(gen, filePath).search(runId, q), rows -> {
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
        int gen = generation;
        Path filePath = path.get();
        String runA = run.get().runId();
        comparisonTitle.set("Comparing …");
        run(() -> {
            TraceFile tf = analysisFile(gen, filePath);
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

    /** Interactive queries running now: the analysis connection pauses its passes while this is above zero. */
    private final java.util.concurrent.atomic.AtomicInteger foreground = new java.util.concurrent.atomic.AtomicInteger();
    /** When the last interactive query was asked for (System.nanoTime). */
    private volatile long foregroundSince;
    /** Longest the passes wait for the operator's queries in a row: a release that never comes cannot stall them. */
    private static final long FOREGROUND_MAX_NS = 2_000_000_000L;

    private boolean foregroundBusy() {
        return foreground.get() > 0 && System.nanoTime() - foregroundSince < FOREGROUND_MAX_NS;
    }

    /**
     * Runs a task once what the UI thread has just changed is on screen (the view: after its next layout pass);
     * by default at once.
     */
    private volatile Executor afterShown = Runnable::run;

    /**
     * How the view tells when a change of the tree model is on screen (see {@link #runForeground}); the task must
     * run exactly once.
     */
    public void setAfterShown(Executor afterShown) {
        this.afterShown = afterShown == null ? Runnable::run : afterShown;
    }

    /**
     * {@link #run} for what the operator waits on (expanding, selecting, revealing) on the tree connection. The
     * full passes on the other connection pause from the request until its result is on screen (not just while the
     * query runs): on a two-core machine the rows' mapping, the FX thread's layout and the frame then have the cores.
     */
    private <T> void runForeground(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        foregroundSince = System.nanoTime();
        foreground.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                foreground.decrementAndGet();
            }
        };
        try {
            run(work, result -> {
                try {
                    onSuccess.accept(result);
                } finally {
                    afterShown.execute(release);
                }
            }, e -> {
                try {
                    onFailure.accept(e);
                } finally {
                    release.run();
                }
            });
        } catch (RuntimeException e) {
            release.run(); // not accepted by the executor (shutting down)
            throw e;
        }
    }

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
        closeFiles();
    }

    private void closeFiles() {
        TraceFile oldAnalysis;
        synchronized (analysisLock) {
            oldAnalysis = analysis;
            analysis = null;
        }
        for (TraceFile old : new TraceFile[] {file, oldAnalysis}) {
            if (old != null) {
                background.execute(old::close);
            }
        }
        file = null;
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
        String spans = r.spanCount() < 0 ? "counting spans …" : String.format(Locale.ROOT, "%,d spans", r.spanCount());
        return String.format(Locale.ROOT, "%s  ·  %s → %s%s  ·  %s", r.runId(), started, ended, app, spans);
    }
}
