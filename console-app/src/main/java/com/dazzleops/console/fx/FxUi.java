package com.dazzleops.console.fx;

import javafx.application.Platform;

import java.util.concurrent.Executor;

/**
 * The executor that delivers work to the JavaFX application thread. View models take an {@link Executor} for the UI
 * side so tests can hand them a same-thread executor ({@code Runnable::run}) instead.
 */
public final class FxUi {

    private FxUi() {
    }

    /** Runs on the FX thread: now if already there, otherwise later via {@link Platform#runLater}. */
    public static final Executor EXECUTOR = task -> {
        if (Platform.isFxApplicationThread()) {
            task.run();
        } else {
            Platform.runLater(task);
        }
    };

    /** Always queues (never runs inline), for callers that must not re-enter. */
    public static final Executor LATER = Platform::runLater;
}
