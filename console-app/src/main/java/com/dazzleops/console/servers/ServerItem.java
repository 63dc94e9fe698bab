package com.dazzleops.console.servers;

import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One watched server as the UI sees it, updated only on the FX thread: its profile, its overall level (the worst
 * of its checks), whether what is shown is stale (the server is down), and one line saying what the console is
 * doing with it ("polling every 2 s", "down since 10:41:07, retry in 8 s").
 */
public final class ServerItem {

    private final String id;
    private final ObjectProperty<ServerProfile> profile = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<CheckLevel> level = new ReadOnlyObjectWrapper<>(CheckLevel.UNKNOWN);
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper("starting");
    private final ReadOnlyBooleanWrapper muted = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper down = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ServerSnapshot> snapshot = new ReadOnlyObjectWrapper<>();

    public ServerItem(ServerProfile profile) {
        this.id = profile.id();
        this.profile.set(profile);
    }

    public String id() {
        return id;
    }

    public ServerProfile profile() {
        return profile.get();
    }

    public ObjectProperty<ServerProfile> profileProperty() {
        return profile;
    }

    public boolean isProduction() {
        return profile().environment() == Environment.PRODUCTION;
    }

    public ReadOnlyObjectProperty<CheckLevel> levelProperty() {
        return level.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** True while the server does not answer (whether or not there are last known values to show). */
    public ReadOnlyBooleanProperty downProperty() {
        return down.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty mutedProperty() {
        return muted.getReadOnlyProperty();
    }

    /** The latest snapshot the monitor published for this server (null before the first poll). */
    public ReadOnlyObjectProperty<ServerSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ServerSnapshot snapshot() {
        return snapshot.get();
    }

    /** Takes a new snapshot (UI thread): level, stale flag and activity line follow it. */
    void accept(ServerSnapshot s, java.time.ZoneId zone) {
        // the derived values first, so a listener of the snapshot sees them consistent with it
        level.set(overall(s.checks()));
        stale.set(s.stale());
        down.set(s.status() == com.dazzleops.console.core.monitor.ServerStatus.DOWN);
        activity.set(Activity.describe(s, zone));
        snapshot.set(s);
    }

    /**
     * A server's overall level: the worst of its checks that could be judged. A check the server cannot answer
     * (UNKNOWN: feature not declared) does not make a healthy server look unknown; all UNKNOWN stays UNKNOWN.
     */
    public static CheckLevel overall(java.util.List<com.dazzleops.console.core.checks.Check> checks) {
        CheckLevel worst = null;
        for (var c : checks) {
            if (c.level() != CheckLevel.UNKNOWN) {
                worst = worst == null ? c.level() : worst.worst(c.level());
            }
        }
        return worst == null ? CheckLevel.UNKNOWN : worst;
    }

    void setLevel(CheckLevel l) {
        level.set(l);
    }

    void setStale(boolean s) {
        stale.set(s);
    }

    void setActivity(String a) {
        activity.set(a);
    }

    void setMuted(boolean m) {
        muted.set(m);
    }

    @Override
    public String toString() {
        return profile().displayName();
    }
}
