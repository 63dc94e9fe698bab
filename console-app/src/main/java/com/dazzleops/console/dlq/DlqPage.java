package com.dazzleops.console.dlq;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.fx.ShownTicker;
import com.dazzleops.console.servers.SelectedServer;
import com.dazzleops.console.shell.Page;
import com.dazzleops.console.shell.ShellContext;
import javafx.scene.Node;

import java.time.Duration;
import java.util.function.Function;

/**
 * The DLQ page: the selected server's dead letters, refreshed while the page is shown, with replay. It follows the
 * server selected in the sidebar (and that server's profile edits, e.g. the read-only flag).
 */
public final class DlqPage implements Page {

    /** How often the list is asked again while the page is shown. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    private final ShellContext context;
    private final DlqViewModel vm;
    private final ShownTicker ticker;
    private DlqView view;

    public DlqPage(ShellContext context, Function<ServerProfile, DazzleClient> clients) {
        this.context = context;
        this.vm = new DlqViewModel(context.background(), context.ui(), clients);
        this.ticker = new ShownTicker(context.background(), context.ui(), REFRESH, () -> {
            if (!vm.loadingProperty().get()) {
                vm.refresh();
            }
        });
        vm.lastReplayProperty().addListener((o, a, b) -> {
            if (b != null) {
                context.status(b.text());
            }
        });
        context.servers().ifPresent(ws -> SelectedServer.follow(ws, vm.serverProperty()::set));
    }

    @Override
    public String id() {
        return "dlq";
    }

    @Override
    public String title() {
        return "Dead letters";
    }

    @Override
    public String iconLiteral() {
        return "mdi2e-email-alert-outline";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new DlqView(vm, context::window);
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

    public DlqViewModel viewModel() {
        return vm;
    }
}
