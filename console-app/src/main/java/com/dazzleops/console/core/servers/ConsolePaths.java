package com.dazzleops.console.core.servers;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the console keeps its files, following the XDG base directory spec:
 * config in {@code $XDG_CONFIG_HOME/dazzle-console} (else {@code ~/.config/dazzle-console}),
 * data in {@code $XDG_DATA_HOME/dazzle-console} (else {@code ~/.local/share/dazzle-console}).
 * Relative XDG values are ignored, as the spec requires.
 */
public final class ConsolePaths {

    public static final String APP_DIR = "dazzle-console";

    private ConsolePaths() {
    }

    public static Path configDir() {
        return configDir(System.getenv(), System.getProperty("user.home"));
    }

    public static Path dataDir() {
        return dataDir(System.getenv(), System.getProperty("user.home"));
    }

    /** The registry file, {@code servers.json} in {@link #configDir()}. */
    public static Path serversFile() {
        return configDir().resolve("servers.json");
    }

    /** The sample database, {@code samples.db} in {@link #dataDir()}. */
    public static Path samplesFile() {
        return dataDir().resolve("samples.db");
    }

    static Path configDir(Map<String, String> env, String home) {
        return base(env.get("XDG_CONFIG_HOME"), home, ".config").resolve(APP_DIR);
    }

    static Path dataDir(Map<String, String> env, String home) {
        return base(env.get("XDG_DATA_HOME"), home, ".local/share").resolve(APP_DIR);
    }

    private static Path base(String xdg, String home, String fallback) {
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg);
        }
        return Path.of(home).resolve(fallback);
    }
}
