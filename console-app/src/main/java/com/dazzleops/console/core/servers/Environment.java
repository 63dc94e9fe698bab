package com.dazzleops.console.core.servers;

/**
 * The environment a server belongs to, shown as a colour band so production is unmistakable.
 * {@link #defaultColour()} is a CSS hex colour the UI may use when a profile gives none of its own.
 */
public enum Environment {
    PRODUCTION("Production", "#c62828"),
    STAGING("Staging", "#ef6c00"),
    DEV("Development", "#2e7d32"),
    CUSTOM("Custom", "#6a1b9a");

    private final String label;
    private final String defaultColour;

    Environment(String label, String defaultColour) {
        this.label = label;
        this.defaultColour = defaultColour;
    }

    public String label() {
        return label;
    }

    /** {@code #rrggbb}. */
    public String defaultColour() {
        return defaultColour;
    }
}
