package com.dazzleops.console.shell;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the shell hands to pages. Background work goes through {@link #background()} (never {@code new Thread}),
 * results come back with {@link #ui()} (the FX thread in the app, the calling thread in tests).
 *
 * <p>The console's shell may grow this with more services (the server registry, the selected server, a notifier);
 * add methods here rather than reaching for globals. New methods have defaults so existing implementations (test
 * contexts in feature packages) keep compiling.
 */
public interface ShellContext {

    /** Runs blocking work (I/O, SQLite, HTTP) off the FX thread. */
    ScheduledExecutorService background();

    /** Runs a task on the UI thread. */
    Executor ui();

    /** The main window, for dialogs and file choosers; may be null before the stage is shown. */
    javafx.stage.Window window();

    /** Shows a short message in the status bar. */
    void status(String message);

    /**
     * The watched servers and the selected one (FX-thread state), when the page runs inside the console window;
     * empty in a page's own tests.
     */
    default Optional<com.dazzleops.console.servers.ServerWorkspace> servers() {
        return Optional.empty();
    }

    /** The current theme (changes when the operator toggles it); pages that paint their own colours follow it. */
    default javafx.beans.value.ObservableValue<Theme> theme() {
        return new javafx.beans.property.SimpleObjectProperty<>(Theme.LIGHT);
    }

    /** Shows another page by id ({@code "dashboard"}, {@code "traces"}, ...); false when there is none. */
    default boolean showPage(String pageId) {
        return false;
    }
}
