package com.dazzleops.console.dlq;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.servers.ServerItem;
import com.dazzleops.console.shell.Page;
import com.dazzleops.console.shell.ShellContext;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    private DlqView view;
    private ScheduledFuture<?> ticker;
    private ServerItem followed;
    private final ChangeListener<ServerProfile> profileListener = (o, a, b) -> onProfile(b);

    public DlqPage(ShellContext context, Function<ServerProfile, DazzleClient> clients) {
        this.context = context;
        this.vm = new DlqViewModel(context.background(), context.ui(), clients);
        vm.lastReplayProperty().addListener((o, a, b) -> {
            if (b != null) {
                context.status(b.text());
            }
        });
        context.servers().ifPresent(ws -> {
            ws.selectedProperty().addListener((o, a, b) -> follow(b));
            follow(ws.selectedProperty().get());
        });
    }

    private void follow(ServerItem item) {
        if (followed != null) {
            followed.profileProperty().removeListener(profileListener);
        }
        followed = item;
        if (item != null) {
            item.profileProperty().addListener(profileListener);
        }
        onProfile(item == null ? null : item.profile());
    }

    private void onProfile(ServerProfile p) {
        vm.serverProperty().set(p);
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
        if (ticker == null) {
            long ms = REFRESH.toMillis();
            ticker = context.background().scheduleWithFixedDelay(() -> context.ui().execute(() -> {
                if (!vm.loadingProperty().get()) {
                    vm.refresh();
                }
            }), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onHide() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    public DlqViewModel viewModel() {
        return vm;
    }
}
