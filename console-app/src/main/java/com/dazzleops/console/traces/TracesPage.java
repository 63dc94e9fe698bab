package com.dazzleops.console.traces;

import com.dazzleops.console.core.servers.ConsolePaths;
import com.dazzleops.console.shell.Page;
import com.dazzleops.console.shell.ShellContext;
import javafx.scene.Node;

import java.nio.file.Path;
import java.util.Locale;

/** The Traces page: opens {@code dazzle perf} trace files (.db) and shows them with {@link TracesView}. */
public final class TracesPage implements Page {

    private final ShellContext context;
    private final TraceViewModel viewModel;
    private TracesView view;

    public TracesPage(ShellContext context) {
        this(context, new RecentFiles(ConsolePaths.configDir()));
    }

    public TracesPage(ShellContext context, RecentFiles recent) {
        this.context = context;
        this.viewModel = new TraceViewModel(context.background(), context.ui(), recent);
        viewModel.statusProperty().addListener((o, a, b) -> {
            if (b != null) {
                context.status(b);
            }
        });
    }

    @Override
    public String id() {
        return "traces";
    }

    @Override
    public String title() {
        return "Traces";
    }

    @Override
    public String iconLiteral() {
        return "mdi2f-file-tree";
    }

    @Override
    public int order() {
        return 80;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new TracesView(viewModel, context::window);
        }
        return view;
    }

    /** Takes {@code .db} / {@code .sqlite} files: dazzle perf traces are SQLite files named RUN_ID.db. */
    @Override
    public boolean open(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".db") || name.endsWith(".sqlite") || name.endsWith(".sqlite3"))) {
            return false;
        }
        viewModel.open(file);
        return true;
    }

    @Override
    public void onHide() {
        // keep the file open: switching pages and back should not reload a million-span tree
    }

    public TraceViewModel viewModel() {
        return viewModel;
    }
}
