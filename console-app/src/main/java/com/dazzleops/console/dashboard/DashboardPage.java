package com.dazzleops.console.dashboard;

import com.dazzleops.console.servers.ServerWorkspace;
import com.dazzleops.console.shell.Page;
import com.dazzleops.console.shell.ShellContext;
import javafx.scene.Node;

import java.time.Clock;

/** The live dashboard of the selected server. */
public final class DashboardPage implements Page {

    private final ShellContext context;
    private final LagHistory history;
    private DashboardViewModel vm;

    public DashboardPage(ShellContext context, LagHistory history) {
        this.context = context;
        this.history = history;
    }

    @Override
    public String id() {
        return "dashboard";
    }

    @Override
    public String title() {
        return "Dashboard";
    }

    @Override
    public String iconLiteral() {
        return "mdi2v-view-dashboard-outline";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Node view() {
        vm = new DashboardViewModel(context.background(), context.ui(), history, Clock.systemDefaultZone());
        DashboardView view = new DashboardView(vm, context.theme());
        context.servers().ifPresent(ws -> bind(ws));
        return view.view();
    }

    private void bind(ServerWorkspace ws) {
        vm.setServer(ws.selectedProperty().get());
        ws.selectedProperty().addListener((o, a, b) -> vm.setServer(b));
    }

    public DashboardViewModel viewModel() {
        return vm;
    }
}
