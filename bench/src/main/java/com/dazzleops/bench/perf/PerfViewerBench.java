package com.dazzleops.bench.perf;

import com.dazzleops.console.traces.RecentFiles;
import com.dazzleops.console.traces.SpanNode;
import com.dazzleops.console.traces.TraceViewModel;
import com.dazzleops.model.perf.PerfSpan;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import com.dazzleops.perf.read.TraceFile;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The trace viewer on a large file, measured through its view model (the same code the page runs, without a
 * window), against the baseline of what {@code dazzle perf show} does: load every span of the run into memory
 * and group by parent.
 *
 * <pre>
 *   PerfViewerBench generate FILE SPANS FANOUT   write the file (skipped by the script when it exists)
 *   PerfViewerBench lazy FILE                    first level, expansions, background passes, heap (after the
 *                                                console's own start-up work, as in the app)
 *   PerfViewerBench bare FILE                    first level only, in a JVM where nothing was initialised before
 *   PerfViewerBench baseline FILE                full in-memory load, heap
 * </pre>
 */
public final class PerfViewerBench {

    private PerfViewerBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            case "lazy" -> lazy(Path.of(args[1]));
            case "bare" -> bare(Path.of(args[1]));
            case "baseline" -> baseline(Path.of(args[1]));
            default -> throw new IllegalArgumentException("generate | lazy | baseline");
        }
    }

    static void generate(Path out, long spans, int fanout) throws Exception {
        long t0 = System.nanoTime();
        String name = out.getFileName().toString();
        // Dazzle's layout: the file is named after its run (RUN_ID.db)
        TraceGenerator.Summary s = TraceGenerator.generate(out, GeneratorOptions.defaults(spans)
                .withRunId(name.endsWith(".db") ? name.substring(0, name.length() - 3) : name).withFanout(fanout).withOrphans(6).withCycles(true)
                .withDeepChain(200).withBadAttributes(3));
        System.out.printf(Locale.ROOT, "generated %s: %,d spans, %,d events, fan-out node with %,d children, %.1f MB, %.1f s%n",
                out.getFileName(), s.spans(), s.events(), fanout, Files.size(out) / 1e6, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * What the console has done before an operator can open anything (Launcher's logger = logback reading its
     * logback.xml; ConsoleServices opening its SQLite sample store = the sqlite-jdbc driver and its native library),
     * so the timed open starts where the operator's open starts. Measured and printed, never hidden: the "bare" mode
     * times an open with none of it done.
     */
    private static void consoleStartup() throws Exception {
        long t = System.nanoTime();
        org.slf4j.LoggerFactory.getLogger(PerfViewerBench.class).debug("bench");
        double logging = ms(t);
        t = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            c.createStatement().execute("SELECT 1");
        }
        System.out.printf(Locale.ROOT, "lazy     console start-up before any open (not in the figures below): logging %.0f ms, SQLite driver + native library %.0f ms%n",
                logging, ms(t));
    }

    static void lazy(Path file) throws Exception {
        System.out.printf(Locale.ROOT, "lazy     JVM start to main: %d ms (not in the figures below)%n",
                ManagementFactory.getRuntimeMXBean().getUptime());
        consoleStartup();
        long heap0 = usedHeapAfterGc();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        // UI callbacks run on the worker that finished the task: no toolkit here, the page's logic is the same.
        TraceViewModel vm = new TraceViewModel(pool, Runnable::run,
                new RecentFiles(Files.createTempDirectory("bench-config")));
        double firstMs = firstLevel(vm, file);
        int top = vm.topLevel().size();
        System.out.printf(Locale.ROOT, "lazy     first tree level shown, cold:      %8.1f ms  (first open in this JVM: traces code, SQLite cache and JIT cold; first page: %,d top-level rows incl. the 'more' row; runs listed)%n",
                firstMs, top);
        vm.openPhases().forEach(p -> System.out.println("lazy         " + p));

        SpanNode fan = vm.topLevel().stream().filter(n -> n.row() != null && n.row().childCount() >= 10_000)
                .findFirst().orElseThrow(() -> new IllegalStateException("no node with 10,000 children"));
        long t0 = System.nanoTime();
        vm.loadChildren(fan);
        waitFor(fan::isLoaded);
        double firstPageMs = ms(t0);
        List<SpanNode> page1 = List.copyOf(fan.children());
        long complete = page1.stream().filter(c -> c.kind() == SpanNode.Kind.SPAN && c.row().statsKnown()).count();
        if (complete != page1.size() - (fan.hasMore() ? 1 : 0)) {
            throw new IllegalStateException("rows of the first page without their counts: " + (page1.size() - complete));
        }
        System.out.printf(Locale.ROOT, "lazy     expand node with %,d children, cold: %8.1f ms  first page in the tree model: %,d rows, every one with its child count and self time, + '%s' (while orphan/cycle/findings passes run)%n",
                fan.row().childCount(), firstPageMs, complete, fan.hasMore() ? page1.get(page1.size() - 1).label() + ", " + page1.get(page1.size() - 1).hint() : "no more row");
        // the operator expands the "more" row until every child is shown: each page timed from its expansion
        double worstPage = 0;
        double pagesSum = 0;
        int pages = 1;
        long all0 = System.nanoTime();
        while (fan.hasMore()) {
            SpanNode more = fan.children().get(fan.children().size() - 1);
            CountDownLatch added = new CountDownLatch(1);
            javafx.collections.ListChangeListener<SpanNode> onAdd = c -> {
                while (c.next()) {
                    if (c.wasAdded()) {
                        added.countDown();
                    }
                }
            };
            fan.children().addListener(onAdd);
            long t = System.nanoTime();
            vm.loadChildren(more);
            if (!added.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no next page: " + vm.statusProperty().get());
            }
            double d = ms(t);
            fan.children().removeListener(onAdd);
            worstPage = Math.max(worstPage, d);
            pagesSum += d;
            pages++;
        }
        long spansShown = fan.children().stream().filter(c -> c.kind() == SpanNode.Kind.SPAN && c.row().statsKnown()).count();
        if (spansShown != fan.row().childCount()) {
            throw new IllegalStateException(spansShown + " children shown of " + fan.row().childCount());
        }
        System.out.printf(Locale.ROOT, "lazy     all %,d children shown in %d pages:  %8.1f ms  (first page + %d 'more' expansions: %.1f ms summed, worst next page %.1f ms; %.1f ms wall from the first 'more')%n",
                spansShown, pages, firstPageMs + pagesSum, pages - 1, pagesSum, worstPage, ms(all0));

        // ordinary expansions: 200 random requests, then one level down
        Random rnd = new Random(7);
        List<SpanNode> requests = vm.topLevel().stream().filter(n -> n.row() != null && n.row().hasChildren()
                && n.row().childCount() < 1_000).toList();
        double worst = 0;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < 200; i++) {
            SpanNode r = requests.get(rnd.nextInt(requests.size()));
            if (r.isLoaded()) {
                continue;
            }
            long t = System.nanoTime();
            vm.loadChildren(r);
            waitFor(r::isLoaded);
            double d = ms(t);
            worst = Math.max(worst, d);
            sum += d;
            n++;
        }
        System.out.printf(Locale.ROOT, "lazy     expand %d ordinary requests:       %8.2f ms mean, %.2f ms worst%n", n, sum / n, worst);

        t0 = System.nanoTime();
        waitFor(() -> !vm.findings().isEmpty() && !vm.integrityNoteProperty().get().isEmpty()
                && vm.integrityNoteProperty().get().contains("cycle"));
        Thread.sleep(200);
        System.out.printf(Locale.ROOT, "lazy     background passes done (counts, orphans, cycles, findings) %.1f s after the expansions; %s; %d findings (%s)%n",
                ms(t0) / 1e3, vm.integrityNoteProperty().get(), vm.findings().size(), vm.findingsStatusProperty().get());
        // expansion again now that the background is quiet
        SpanNode other = requests.stream().filter(r -> !r.isLoaded()).findFirst().orElseThrow();
        t0 = System.nanoTime();
        vm.loadChildren(other);
        waitFor(other::isLoaded);
        System.out.printf(Locale.ROOT, "lazy     expand a request, background idle:  %8.2f ms%n", ms(t0));
        SpanNode more = vm.topLevel().stream().filter(x -> x.kind() == SpanNode.Kind.MORE).findFirst().orElseThrow();
        t0 = System.nanoTime();
        vm.loadChildren(more);
        waitFor(() -> !vm.topLevel().contains(more));
        System.out.printf(Locale.ROOT, "lazy     load next page of top-level spans:   %8.2f ms  (background idle)%n", ms(t0));
        try (TraceFile tf = TraceFile.open(file)) {
            String runId = vm.runProperty().get().runId();
            tf.children(runId, fan.spanId());
            t0 = System.nanoTime();
            int kids = tf.children(runId, fan.spanId()).size();
            System.out.printf(Locale.ROOT, "lazy     children query of the %,d-children node, background idle: %.1f ms (perf-core only)%n", kids, ms(t0));
        }
        long heap = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "lazy     heap used (after GC, file open, first level + 10,000 children + %d requests expanded): %.1f MB (JVM start %.1f MB, -Xmx %d MB)%n",
                n + 1, heap / 1e6, heap0 / 1e6, Runtime.getRuntime().maxMemory() / (1 << 20));
        // the same file opened again in this JVM (a second open by the operator)
        double warm = firstLevel(vm, file);
        System.out.printf(Locale.ROOT, "lazy     first tree level shown, warm:      %8.1f ms  (second open of the file in the same JVM)%n", warm);
        vm.openPhases().forEach(p -> System.out.println("lazy         " + p));
        vm.close();
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** Opens the file and waits until the first level is in the tree model; returns the ms from the open call. */
    private static double firstLevel(TraceViewModel vm, Path file) throws InterruptedException {
        CountDownLatch firstLevel = new CountDownLatch(1);
        javafx.collections.ListChangeListener<SpanNode> l = c -> {
            if (!vm.topLevel().isEmpty()) {
                firstLevel.countDown();
            }
        };
        vm.topLevel().addListener(l);
        long t0 = System.nanoTime();
        vm.open(file);
        if (!firstLevel.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no first level: " + vm.statusProperty().get());
        }
        double ms = ms(t0);
        vm.topLevel().removeListener(l);
        waitFor(() -> vm.openPhases().stream().anyMatch(p -> p.contains("tree model")));
        return ms;
    }

    /** A JVM where nothing ran before the open: logging, the SQLite driver and its native library load inside it. */
    static void bare(Path file) throws Exception {
        long startup = ManagementFactory.getRuntimeMXBean().getUptime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        TraceViewModel vm = new TraceViewModel(pool, Runnable::run, new RecentFiles(Files.createTempDirectory("bench-config")));
        double ms = firstLevel(vm, file);
        System.out.printf(Locale.ROOT, "bare     first tree level shown, nothing initialised before: %8.1f ms  (JVM start to main %d ms, to first level %d ms)%n",
                ms, startup, ManagementFactory.getRuntimeMXBean().getUptime());
        vm.openPhases().forEach(p -> System.out.println("bare         " + p));
        vm.close();
        pool.shutdownNow();
        System.exit(0);
    }

    /** What dazzle perf show does: fetchall() of the run ordered by start, then a parent → children map. */
    static void baseline(Path file) throws Exception {
        long heap0 = usedHeapAfterGc();
        String runId;
        try (TraceFile tf = TraceFile.open(file)) {
            runId = tf.defaultRun().orElseThrow().runId();
        }
        long t0 = System.nanoTime();
        List<PerfSpan> spans = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement("SELECT span_id, trace_id, parent_span_id, run_id, name, kind, status, "
                     + "started_ns, ended_ns, duration_ns, attributes_json FROM spans WHERE run_id = ? ORDER BY started_ns")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    spans.add(new PerfSpan(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11)));
                }
            }
        }
        Map<String, List<PerfSpan>> children = new HashMap<>();
        for (PerfSpan s : spans) {
            children.computeIfAbsent(s.parentSpanId() == null ? "" : s.parentSpanId(), k -> new ArrayList<>()).add(s);
        }
        double loadMs = ms(t0);
        int roots = children.getOrDefault("", List.of()).size();
        long heap = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "baseline full load (dazzle perf show):      %8.1f ms  (%,d spans, %,d roots; first level only after everything is loaded)%n",
                loadMs, spans.size(), roots);
        System.out.printf(Locale.ROOT, "baseline heap used (after GC, all spans held): %.1f MB (JVM start %.1f MB, -Xmx %d MB)%n",
                heap / 1e6, heap0 / 1e6, Runtime.getRuntime().maxMemory() / (1 << 20));
        if (children.isEmpty()) {
            System.out.println("(empty)");
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void waitFor(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(0, 200_000);
        }
    }
}
