package com.dazzleops.console.alerts;

import com.dazzleops.console.core.alerts.AlertEvent;

/** Announces an alert event to the operator (a desktop notification in the app). Called on the UI thread. */
@FunctionalInterface
public interface Notifier {
    void notify(AlertEvent event);
}
