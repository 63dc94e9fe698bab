package com.dazzleops.console.jobs;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.fx.ShownTicker;
import com.dazzleops.console.servers.SelectedServer;
import com.dazzleops.console.shell.Page;
import com.dazzleops.console.shell.ShellContext;
import javafx.scene.Node;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/** The Jobs page: the selected server's job summary and JobRun table, refreshed while shown. */
public final class JobsPage implements Page {

    public static final Duration REFRESH = Duration.ofSeconds(5);

    private final JobsViewModel vm;
    private final ShownTicker ticker;
    private JobsView view;

    public JobsPage(ShellContext context, Function<ServerProfile, DazzleClient> clients) {
        this.vm = new JobsViewModel(context.background(), context.ui(), clients, Clock.systemUTC());
        this.ticker = new ShownTicker(context.background(), context.ui(), REFRESH, () -> {
            if (!vm.loadingProperty().get()) {
                vm.refresh();
            }
        });
        context.servers().ifPresent(ws -> SelectedServer.follow(ws, vm.serverProperty()::set));
    }

    @Override
    public String id() {
        return "jobs";
    }

    @Override
    public String title() {
        return "Jobs";
    }

    @Override
    public String iconLiteral() {
        return "mdi2c-cog-play-outline";
    }

    @Override
    public int order() {
        return 45;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new JobsView(vm);
        }
        return view;
    }

    @Override
    public void onShow() {
        vm.refresh();
        ticker.start();
    }

    @Override
    public void onHide() {
        ticker.stop();
    }

    public JobsViewModel viewModel() {
        return vm;
    }
}
