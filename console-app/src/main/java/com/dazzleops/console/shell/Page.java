package com.dazzleops.console.shell;

import javafx.scene.Node;

/**
 * One pluggable page of the console (Dashboard, Events, DLQ, Jobs, Traces, ...). The shell lists pages in its
 * navigation, builds a page's view lazily on first show, and tells it when it is shown or hidden so it can start
 * and stop its polling. Implementations build their view on the FX thread and never block it.
 */
public interface Page {

    /** Stable id, used for navigation, key bindings and remembered state (e.g. {@code "dashboard"}). */
    String id();

    /** Title shown in the navigation. */
    String title();

    /** Ikonli icon literal, e.g. {@code "mdi2v-view-dashboard"}. */
    String iconLiteral();

    /** Sort key in the navigation; lower comes first. */
    default int order() {
        return 100;
    }

    /** The page's view; called once, on the FX thread. */
    Node view();

    /** The page became visible. */
    default void onShow() {
    }

    /** The page was hidden or the window is closing. */
    default void onHide() {
    }

    /**
     * Offers a file the user gave the console (command-line argument, drag and drop, File > Open). The shell asks
     * each page in order; the first that returns {@code true} takes the file and is shown. Must not block: start
     * the load in the background and return.
     */
    default boolean open(java.nio.file.Path file) {
        return false;
    }
}
