package com.dazzleops.console.servers;

import com.dazzleops.console.core.servers.ServerProfile;
import javafx.beans.value.ChangeListener;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows the server selected in the sidebar and that server's profile edits (name, URL, read-only flag,
 * credentials): tells {@code onChange} the current profile, or null when nothing is selected. FX thread only.
 */
public final class SelectedServer {

    private final Consumer<ServerProfile> onChange;
    private final ChangeListener<ServerProfile> profileListener;
    private ServerItem followed;

    private SelectedServer(Consumer<ServerProfile> onChange) {
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.profileListener = (o, a, b) -> onChange.accept(b);
    }

    /** Starts following {@code workspace}'s selection; tells the current one at once. */
    public static SelectedServer follow(ServerWorkspace workspace, Consumer<ServerProfile> onChange) {
        SelectedServer s = new SelectedServer(onChange);
        workspace.selectedProperty().addListener((o, a, b) -> s.switchTo(b));
        s.switchTo(workspace.selectedProperty().get());
        return s;
    }

    private void switchTo(ServerItem item) {
        if (followed != null) {
            followed.profileProperty().removeListener(profileListener);
        }
        followed = item;
        if (item != null) {
            item.profileProperty().addListener(profileListener);
        }
        onChange.accept(item == null ? null : item.profile());
    }

    /** The followed item (its snapshot carries the server's capabilities), or null. */
    public ServerItem item() {
        return followed;
    }
}
