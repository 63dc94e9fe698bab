package com.dazzleops.console.core.monitor;

/**
 * Receives every snapshot a monitor publishes, ON THE MONITOR'S BACKGROUND THREAD. A UI must marshal to its own
 * thread (e.g. {@code Platform.runLater}). Listeners must be quick; one that throws is logged and skipped.
 */
@FunctionalInterface
public interface SnapshotListener {
    void onSnapshot(ServerSnapshot snapshot);
}
