package com.dazzleops.bench.perf;

import com.dazzleops.console.app.ConsoleServices;
import com.dazzleops.console.app.ConsoleWindow;
import com.dazzleops.console.app.LaunchOptions;
import com.dazzleops.console.traces.SpanNode;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The trace viewer as the operator sees it: the console's real window (ConsoleWindow, its traces page and
 * TreeTableView, under Xvfb), a file opened as the operator opens it ({@code shell.open}, what the menu, a drop or
 * the command line do), then the node with 10,000 children expanded as a click on its arrow does
 * ({@code TreeItem.setExpanded(true)}), and each of its "more children" rows after it. Each time runs from that
 * call on the FX thread to the end of the first layout pass in which the tree's visible rows show the new rows
 * complete: every cell of every visible row bound to its row's node, the name, duration and self time written (no
 * "…" placeholder), the waterfall bar drawn, the expand arrow as the node's child count says. That includes the
 * query, the tree items' creation and the cells' update; the frame's painting after the layout pass is not in it.
 *
 * <p>Usage: {@code PerfViewerUiBench FILE} (one cold run: a fresh JVM, as a fresh viewer).
 */
public final class PerfViewerUiBench {

    private PerfViewerUiBench() {
    }

    private static Scene scene;
    private static TreeTableView<SpanNode> tree;
    /** The check run after every layout pass while a measurement is under way, and its result. */
    private static volatile Predicate<TreeTableView<SpanNode>> waitingFor;
    private static volatile CompletableFuture<Long> done;
    private static volatile long lastEnd;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path home = Files.createTempDirectory("perf-ui-bench");
        System.out.printf(Locale.ROOT, "ui       JVM %s, options %s%n", System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        ConsoleServices services = ConsoleServices.open(home.resolve("config"), home.resolve("data"), Duration.ofSeconds(2));
        AtomicReference<ConsoleWindow> window = new AtomicReference<>();
        CompletableFuture<Void> shown = new CompletableFuture<>();
        Platform.startup(() -> {
            Stage stage = new Stage();
            window.set(ConsoleWindow.show(stage, services, LaunchOptions.parse("--page", "traces", "--theme", "light")));
            stage.setWidth(1560);
            stage.setHeight(960);
            scene = stage.getScene();
            scene.addPostLayoutPulseListener(PerfViewerUiBench::afterLayout);
            shown.complete(null);
        });
        shown.get(60, TimeUnit.SECONDS);
        Thread.sleep(1500); // the window settles (first frames, fonts) before the operator opens a file
        tree = fx(() -> {
            @SuppressWarnings("unchecked") TreeTableView<SpanNode> t = (TreeTableView<SpanNode>) scene.lookup("#spanTree");
            return t;
        });
        if (tree == null) {
            throw new IllegalStateException("no #spanTree in the console window: is the traces page shown?");
        }

        double first = measure(() -> window.get().shell().open(List.of(file)),
                t -> t.getRoot() != null && visibleRows(t).stream().anyMatch(r -> r.getTreeItem().getParent() == t.getRoot()));
        System.out.printf(Locale.ROOT, "ui       first tree level shown, cold:        %8.1f ms  (open to the first layout with top-level rows, in the console window) %s%n", first, cpu());

        TreeItem<SpanNode> fan = fx(() -> tree.getRoot().getChildren().stream()
                .filter(i -> i.getValue().row() != null && i.getValue().row().childCount() >= 10_000).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node with 10,000 children")));
        int fanChildren = fan.getValue().row().childCount();
        // the operator scrolls to the node (not timed), then clicks its arrow
        fx(() -> {
            tree.scrollTo(tree.getRow(fan));
            return null;
        });
        Thread.sleep(300);
        java.util.concurrent.atomic.AtomicLong filled = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong filledCpu = new java.util.concurrent.atomic.AtomicLong();
        javafx.collections.ListChangeListener<SpanNode> onFill = c -> {
            if (filled.compareAndSet(0, System.nanoTime())) {
                filledCpu.set(THREADS.getCurrentThreadCpuTime());
            }
        };
        fx(() -> {
            fan.getValue().children().addListener(onFill);
            return null;
        });
        double expand = measure(() -> fan.setExpanded(true),
                t -> !fan.getChildren().isEmpty() && visibleRows(t).stream().anyMatch(r -> r.getTreeItem().getParent() == fan));
        int page = fx(() -> fan.getChildren().size());
        String moreLabel = fx(() -> {
            SpanNode last = fan.getChildren().get(fan.getChildren().size() - 1).getValue();
            return last.hint() == null ? last.label() : last.label() + ", " + last.hint();
        });
        System.out.printf(Locale.ROOT, "ui       expand node with %,d children, cold: %8.1f ms  click to the rows shown complete (%,d rows in the tree, last: '%s'; "
                        + "page read and its tree items made %.1f ms before the end, FX thread CPU after that %.1f ms) %s%n",
                fanChildren, expand, page, moreLabel, (lastEnd - filled.get()) / 1e6, (fxCpuEnd - filledCpu.get()) / 1e6, cpu());

        // every "more children" row in turn: scrolled into view (not timed), expanded
        List<Double> pages = new ArrayList<>();
        List<String> pageCpu = new ArrayList<>();
        String worstPageCpu = "";
        while (fx(() -> fan.getValue().hasMore())) {
            TreeItem<SpanNode> more = fx(() -> fan.getChildren().get(fan.getChildren().size() - 1));
            int before = fx(() -> fan.getChildren().size());
            int moreRow = fx(() -> {
                int row = tree.getRow(more);
                tree.scrollTo(Math.max(0, row - 3));
                return row;
            });
            Thread.sleep(100);
            // the row where "more" was shows the first child of the new page
            pages.add(measure(() -> more.setExpanded(true), t -> fan.getChildren().size() > before && more.getParent() == null
                    && visibleRows(t).stream().anyMatch(r -> r.getIndex() == moreRow && r.getTreeItem().getParent() == fan
                    && r.getItem().kind() == SpanNode.Kind.SPAN)));
            pageCpu.add(String.format(Locale.ROOT, "%.0f/%.0f", lastFxCpuMs, lastProcessCpuMs));
            if (pages.get(pages.size() - 1) >= pages.stream().mapToDouble(Double::doubleValue).max().orElse(0)) {
                worstPageCpu = cpu();
            }
        }
        long shownSpans = fx(() -> fan.getChildren().stream().filter(i -> i.getValue().kind() == SpanNode.Kind.SPAN).count());
        if (shownSpans != fanChildren) {
            throw new IllegalStateException(shownSpans + " children in the tree of " + fanChildren);
        }
        System.out.println("ui         next pages, ms: " + pages.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList()
                + "; CPU ms FX thread/process: " + pageCpu);
        double sum = pages.stream().mapToDouble(Double::doubleValue).sum();
        double worst = pages.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf(Locale.ROOT, "ui       all %,d children shown in %d pages:   %8.1f ms  (first page + %d 'more' expansions, %.1f ms summed, worst next page %.1f ms %s)%n",
                shownSpans, pages.size() + 1, expand + sum, pages.size(), sum, worst, worstPageCpu);

        // an ordinary request, as the operator would open one next
        TreeItem<SpanNode> request = fx(() -> tree.getRoot().getChildren().stream()
                .filter(i -> i.getValue().row() != null && i.getValue().row().childCount() > 3 && i.getValue().row().childCount() < 1_000)
                .skip(50).findFirst().orElseThrow());
        fx(() -> {
            fan.setExpanded(false);
            tree.scrollTo(tree.getRow(request));
            return null;
        });
        Thread.sleep(300);
        double ordinary = measure(() -> request.setExpanded(true),
                t -> !request.getChildren().isEmpty() && visibleRows(t).stream().anyMatch(r -> r.getTreeItem().getParent() == request));
        System.out.printf(Locale.ROOT, "ui       expand an ordinary request (%d children): %6.1f ms %s%n", request.getValue().row().childCount(), ordinary, cpu());
        Platform.runLater(() -> window.get().close());
        Thread.sleep(300);
        System.exit(0);
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile long fxCpuEnd;
    /** CPU time of the last measurement: the FX thread's and the whole process's (all threads, GC included), ms. */
    static double lastFxCpuMs;
    static double lastProcessCpuMs;

    /** Runs {@code action} on the FX thread and returns the ms until the first layout pass where {@code shown} holds and every visible row is complete. */
    private static double measure(Runnable action, Predicate<TreeTableView<SpanNode>> shown) throws Exception {
        CompletableFuture<Long> result = new CompletableFuture<>();
        CompletableFuture<long[]> started = new CompletableFuture<>();
        java.util.Map<Long, Long> threads0 = threadCpu();
        Platform.runLater(() -> {
            done = result;
            waitingFor = t -> shown.test(t) && visibleRowsComplete(t);
            long fxCpu0 = THREADS.getCurrentThreadCpuTime();
            long cpu0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            started.complete(new long[] {t0, fxCpu0, cpu0});
            action.run();
            Platform.requestNextPulse();
        });
        long end = result.get(120, TimeUnit.SECONDS);
        long cpuEnd = OS.getProcessCpuTime();
        java.util.Map<Long, Long> threads1 = threadCpu();
        long[] s = started.get();
        lastEnd = end;
        lastFxCpuMs = (fxCpuEnd - s[1]) / 1e6;
        lastProcessCpuMs = (cpuEnd - s[2]) / 1e6;
        // where the process's CPU went: the busiest Java threads; the rest is the JVM's own (JIT compiler, GC)
        List<String> busiest = new ArrayList<>();
        long javaNs = 0;
        List<java.util.Map.Entry<Long, Long>> deltas = new ArrayList<>();
        for (var e : threads1.entrySet()) {
            long d = e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
            javaNs += Math.max(0, d);
            deltas.add(java.util.Map.entry(e.getKey(), d));
        }
        deltas.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (var e : deltas.subList(0, Math.min(4, deltas.size()))) {
            java.lang.management.ThreadInfo info = THREADS.getThreadInfo(e.getKey());
            busiest.add(String.format(Locale.ROOT, "%s %.0f", info == null ? "?" : info.getThreadName(), e.getValue() / 1e6));
        }
        lastThreads = busiest + String.format(Locale.ROOT, ", JVM (JIT, GC) ~%.0f", Math.max(0, lastProcessCpuMs - javaNs / 1e6));
        return (end - s[0]) / 1e6;
    }

    /** CPU ms of the busiest Java threads during the last measurement. */
    static String lastThreads = "";

    private static java.util.Map<Long, Long> threadCpu() {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t >= 0) {
                out.put(id, t);
            }
        }
        return out;
    }

    /** " (CPU: FX thread x ms, process y ms)" of the last measurement. */
    private static String cpu() {
        return String.format(Locale.ROOT, "[CPU: FX thread %.1f ms, process %.1f ms; busiest threads, ms: %s]", lastFxCpuMs, lastProcessCpuMs, lastThreads);
    }

    private static void afterLayout() {
        Predicate<TreeTableView<SpanNode>> w = waitingFor;
        if (w == null || tree == null) {
            return;
        }
        if (w.test(tree)) {
            long now = System.nanoTime();
            fxCpuEnd = THREADS.getCurrentThreadCpuTime();
            waitingFor = null;
            done.complete(now);
        }
        // otherwise the next pulse comes when the scene changes (the rows arriving), as in the app
    }

    private static List<TreeTableRow<SpanNode>> visibleRows(TreeTableView<SpanNode> t) {
        List<TreeTableRow<SpanNode>> out = new ArrayList<>();
        for (Node n : t.lookupAll(".tree-table-row-cell")) {
            if (n instanceof TreeTableRow<?> r && r.isVisible() && !r.isEmpty() && r.getItem() != null && r.getTreeItem() != null) {
                @SuppressWarnings("unchecked") TreeTableRow<SpanNode> row = (TreeTableRow<SpanNode>) r;
                out.add(row);
            }
        }
        return out;
    }

    /** Every visible row's cells show its node, with no placeholder, the waterfall bar drawn and the right arrow. */
    private static boolean visibleRowsComplete(TreeTableView<SpanNode> t) {
        List<TreeTableRow<SpanNode>> rows = visibleRows(t);
        if (rows.isEmpty()) {
            return false;
        }
        for (TreeTableRow<SpanNode> row : rows) {
            SpanNode n = row.getItem();
            if (row.getTreeItem().getValue() != n) {
                return false;
            }
            boolean arrowShown = row.getDisclosureNode() != null && row.getDisclosureNode().isVisible();
            if (n.kind() == SpanNode.Kind.SPAN && (!n.row().statsKnown() || arrowShown != n.expandable())) {
                return false;
            }
            for (Node c : row.getChildrenUnmodifiable()) {
                if (!(c instanceof TreeTableCell<?, ?> cell) || !cell.isVisible()) {
                    continue;
                }
                if (cell.getTableRow() != row || cell.isEmpty()) {
                    return false;
                }
                String col = cell.getTableColumn() == null ? "" : cell.getTableColumn().getId();
                String text = ((Labeled) cell).getText();
                if ("colName".equals(col) && (text == null || !text.startsWith(n.label()))) {
                    return false;
                }
                if (n.kind() == SpanNode.Kind.SPAN) {
                    if (("colSelf".equals(col) || "colDuration".equals(col)) && (text == null || text.isEmpty() || text.equals("…"))) {
                        return false;
                    }
                    if ("colWaterfall".equals(col) && cell.getGraphic() == null) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }
}
