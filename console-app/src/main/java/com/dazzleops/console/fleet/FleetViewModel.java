package com.dazzleops.console.fleet;

import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.servers.ServerItem;
import com.dazzleops.console.servers.ServerWorkspace;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Every watched server at a glance: a filter, "problems first" ordering and a one-line summary. Opening a row
 * selects that server and shows its dashboard (through the callback the shell gives).
 */
public final class FleetViewModel {

    private final ServerWorkspace workspace;
    private final Consumer<ServerItem> open;
    /** Re-sorts when a server's level, staleness or name changes. */
    private final ObservableList<ServerItem> tracked = FXCollections.observableArrayList(
            i -> new Observable[]{i.levelProperty(), i.staleProperty(), i.downProperty(), i.profileProperty()});
    private final FilteredList<ServerItem> filtered = new FilteredList<>(tracked);
    private final SortedList<ServerItem> rows = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty problemsFirst = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

    public FleetViewModel(ServerWorkspace workspace, Consumer<ServerItem> open) {
        this.workspace = workspace;
        this.open = open;
        tracked.setAll(workspace.servers());
        workspace.servers().addListener((ListChangeListener<ServerItem>) c -> tracked.setAll(workspace.servers()));
        filter.addListener((o, a, b) -> refilter());
        problemsFirst.addListener((o, a, b) -> resort());
        tracked.addListener((ListChangeListener<ServerItem>) c -> updateSummary());
        refilter();
        resort();
        updateSummary();
    }

    private void refilter() {
        String f = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
        filtered.setPredicate(f.isEmpty() ? null : i -> {
            var p = i.profile();
            return p.displayName().toLowerCase(Locale.ROOT).contains(f)
                    || p.baseUrlText().toLowerCase(Locale.ROOT).contains(f)
                    || p.environment().label().toLowerCase(Locale.ROOT).contains(f);
        });
    }

    private void resort() {
        Comparator<ServerItem> byName = Comparator.comparing(i -> i.profile().displayName().toLowerCase(Locale.ROOT));
        if (problemsFirst.get()) {
            rows.setComparator(Comparator.comparingInt(FleetViewModel::severity).reversed().thenComparing(byName));
        } else {
            rows.setComparator(null);
        }
    }

    /** Down servers first, then BAD, WARNING, UNKNOWN, OK. */
    static int severity(ServerItem i) {
        if (isDown(i)) {
            return 5;
        }
        CheckLevel l = i.levelProperty().get();
        return switch (l == null ? CheckLevel.UNKNOWN : l) {
            case BAD -> 4;
            case WARNING -> 3;
            case UNKNOWN -> 2;
            case OK -> 1;
        };
    }

    private static boolean isDown(ServerItem i) {
        return i.downProperty().get() || i.staleProperty().get();
    }

    private void updateSummary() {
        int n = tracked.size();
        long down = tracked.stream().filter(FleetViewModel::isDown).count();
        long bad = tracked.stream().filter(i -> !isDown(i) && i.levelProperty().get() == CheckLevel.BAD).count();
        long warn = tracked.stream().filter(i -> !isDown(i) && i.levelProperty().get() == CheckLevel.WARNING).count();
        long ok = tracked.stream().filter(i -> !isDown(i) && i.levelProperty().get() == CheckLevel.OK).count();
        if (n == 0) {
            summary.set("No servers. Add one with File > Add server (Ctrl+N).");
            return;
        }
        StringBuilder sb = new StringBuilder().append(n).append(n == 1 ? " server" : " servers");
        sb.append(" · ").append(ok).append(" healthy");
        if (warn > 0) {
            sb.append(" · ").append(warn).append(" warning");
        }
        if (bad > 0) {
            sb.append(" · ").append(bad).append(" bad");
        }
        if (down > 0) {
            sb.append(" · ").append(down).append(" down");
        }
        long other = n - ok - warn - bad - down;
        if (other > 0) {
            sb.append(" · ").append(other).append(" unknown");
        }
        summary.set(sb.toString());
    }

    /** Selects the server and shows its dashboard. */
    public void open(ServerItem item) {
        workspace.select(item);
        open.accept(item);
    }

    public ObservableList<ServerItem> rows() {
        return rows;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public BooleanProperty problemsFirstProperty() {
        return problemsFirst;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
