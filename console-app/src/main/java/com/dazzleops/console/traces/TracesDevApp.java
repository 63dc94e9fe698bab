package com.dazzleops.console.traces;

import com.dazzleops.console.shell.ShellContext;
import com.dazzleops.console.shell.Theme;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Development window with only the traces page: {@code TracesDevApp FILE.db [--theme dark] [--demo-steps] [--demo-wide] [--demo-wide-more]}.
 * With {@code --demo-steps} it expands the slowest request, selects its slowest query and runs the critical path,
 * for screenshots. The console proper shows the page inside its shell (Launcher).
 */
public final class TracesDevApp {

    private TracesDevApp() {
    }

    public static void main(String[] args) {
        Application.launch(DevWindow.class, args);
    }

    /** The JavaFX application (the main class itself must not extend Application on the class path). */
    public static final class DevWindow extends Application {
    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        Theme theme = args.contains("--theme") && args.indexOf("--theme") + 1 < args.size()
                ? Theme.parse(args.get(args.indexOf("--theme") + 1)) : Theme.LIGHT;
        theme.apply();
        ScheduledExecutorService bg = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "traces-dev-bg");
            t.setDaemon(true);
            return t;
        });
        ShellContext ctx = new ShellContext() {
            @Override
            public ScheduledExecutorService background() {
                return bg;
            }

            @Override
            public Executor ui() {
                return Platform::runLater;
            }

            @Override
            public Window window() {
                return stage;
            }

            @Override
            public void status(String message) {
            }
        };
        TracesPage page = new TracesPage(ctx, new RecentFiles(Path.of(System.getProperty("java.io.tmpdir"), "traces-dev")));
        stage.setScene(new Scene((javafx.scene.Parent) page.view(), 1560, 960));
        stage.setTitle("Dazzle Ops Console: Traces");
        stage.show();
        args.stream().filter(a -> !a.startsWith("--") && Files.exists(Path.of(a))).findFirst()
                .ifPresent(f -> page.open(Path.of(f)));
        if (args.contains("--demo-wide") || args.contains("--demo-wide-more")) {
            demoWide(page, args.contains("--demo-wide-more"));
        }
        if (args.contains("--demo-steps") || args.contains("--demo-groups") || args.contains("--demo-dashboard")) {
            demoSteps(page, args.contains("--demo-groups"), args.contains("--demo-dashboard"));
        }
    }

    /**
     * For screenshots: the slowest query's finding (reveals it, shows its SQL), the critical path of the dashboard
     * request just above it, then the query again; with --demo-groups the orphan and cycle groups instead.
     */
    private static void demoSteps(TracesPage page, boolean groups, boolean dashboard) {
        TraceViewModel vm = page.viewModel();
        TracesView view = (TracesView) page.view();
        vm.findings().addListener((javafx.collections.ListChangeListener<com.dazzleops.perf.findings.Finding>) c -> {
            if (vm.findings().isEmpty()) {
                return;
            }
            if (groups) {
                vm.topLevel().stream().filter(n -> n.kind() == SpanNode.Kind.CYCLE_GROUP).findFirst()
                        .ifPresent(g -> vm.reveal(g.children().get(0).spanId()));
                vm.topLevel().stream().filter(n -> n.kind() == SpanNode.Kind.ORPHAN_GROUP).findFirst()
                        .ifPresent(g -> g.children().stream().filter(n -> n.kind() != SpanNode.Kind.SPAN).findFirst()
                                .ifPresent(sub -> vm.reveal(sub.children().get(1).spanId())));
                return;
            }
            com.dazzleops.perf.findings.Finding slow = vm.findings().stream()
                    .filter(f -> f.category() == com.dazzleops.perf.findings.Finding.Category.SLOW_QUERY).findFirst().orElseThrow();
            if (dashboard) {
                // the first dashboard request's critical path, with the waterfall of its renders
                vm.topLevel().stream().filter(n -> n.label().equals("GET /app/{workspace}")).skip(2).findFirst()
                        .ifPresent(vm::criticalPath);
                return;
            }
            view.selectFinding(slow);
            step(2, () -> {
                vm.criticalPath(vm.revealProperty().get().get(0));
                step(2, () -> vm.reveal(slow.spanIds().get(0)));
            });
        });
    }

    /**
     * For screenshots: expands the top-level span with the most children as the operator would (its tree item); with
     * {@code toMore}, then scrolls down to its "more children" row and selects it.
     */
    @SuppressWarnings("unchecked")
    private static void demoWide(TracesPage page, boolean toMore) {
        TraceViewModel vm = page.viewModel();
        vm.topLevel().addListener((javafx.collections.ListChangeListener<SpanNode>) c -> {
            javafx.scene.control.TreeTableView<SpanNode> tree =
                    (javafx.scene.control.TreeTableView<SpanNode>) page.view().lookup("#spanTree");
            if (tree == null || tree.getRoot() == null || tree.getRoot().getChildren().isEmpty()) {
                return;
            }
            tree.getRoot().getChildren().stream().filter(i -> i.getValue().row() != null && !i.isExpanded())
                    .max(java.util.Comparator.comparingInt(i -> i.getValue().row().childCount()))
                    .filter(i -> i.getValue().row().childCount() > TraceViewModel.CHILD_PAGE)
                    .ifPresent(item -> step(0.5, () -> {
                        item.setExpanded(true);
                        int row = tree.getRow(item);
                        tree.scrollTo(Math.max(0, row - 1));
                        tree.getSelectionModel().select(row + 3);
                        if (toMore) {
                            step(2, () -> {
                                if (item.getChildren().isEmpty()) {
                                    return;
                                }
                                javafx.scene.control.TreeItem<SpanNode> more = item.getChildren().get(item.getChildren().size() - 1);
                                int moreRow = tree.getRow(more);
                                tree.scrollTo(Math.max(0, moreRow - 12));
                                tree.getSelectionModel().select(moreRow);
                            });
                        }
                    }));
        });
    }

    private static void step(double seconds, Runnable r) {
        javafx.animation.PauseTransition p = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(seconds));
        p.setOnFinished(e -> r.run());
        p.play();
    }
}
}
