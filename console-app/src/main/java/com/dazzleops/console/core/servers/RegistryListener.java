package com.dazzleops.console.core.servers;

/**
 * Told about every change of a {@link ServerRegistry}, on the thread that made the change (the UI marshals to the
 * FX thread itself). A listener that throws is logged and does not stop the others.
 */
@FunctionalInterface
public interface RegistryListener {

    enum Kind { ADDED, UPDATED, REMOVED }

    /**
     * @param kind what happened
     * @param profile the new profile (ADDED, UPDATED) or the removed one (REMOVED)
     */
    void changed(Kind kind, ServerProfile profile);
}
