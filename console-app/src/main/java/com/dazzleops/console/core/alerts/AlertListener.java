package com.dazzleops.console.core.alerts;

/** Receives raise / clear events on the thread that fed the engine (a monitor's background thread). */
@FunctionalInterface
public interface AlertListener {
    void onAlert(AlertEvent event);
}
