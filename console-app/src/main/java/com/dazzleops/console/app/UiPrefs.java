package com.dazzleops.console.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Small UI preferences (theme, last page) in {@code ui.properties} in the config directory. Written atomically
 * (temp file + rename) with owner-only permissions, off the caller's thread; a corrupt or unreadable file means
 * defaults, never a crash.
 */
public final class UiPrefs {

    private static final Logger LOG = LoggerFactory.getLogger(UiPrefs.class);

    private final Path file;
    private final Properties props = new Properties();
    private final java.util.concurrent.Executor writer;

    /** Reads the file now (call before the UI starts); saves run on {@code writer} (never the FX thread). */
    public UiPrefs(Path configDir, java.util.concurrent.Executor writer) {
        this.writer = writer;
        this.file = configDir.resolve("ui.properties");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Ignoring unreadable UI preferences {}: {}", file, e.getMessage());
                props.clear();
            }
        }
    }

    public synchronized String get(String key, String fallback) {
        return props.getProperty(key, fallback);
    }

    public synchronized void put(String key, String value) {
        if (value.equals(props.getProperty(key))) {
            return;
        }
        props.setProperty(key, value);
        Properties copy = new Properties();
        copy.putAll(props);
        writer.execute(() -> save(copy));
    }

    private final Object fileLock = new Object();

    /** Runs on the writer; holds only the file lock, never the one {@link #put} takes on the UI thread. */
    private void save(Properties props) {
        synchronized (fileLock) {
            write(props);
        }
    }

    private void write(Properties props) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "ui", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system (Windows): the user's profile directory is already private
                }
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    props.store(out, "Dazzle Ops Console UI preferences");
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.warn("Could not save UI preferences to {}: {}", file, e.getMessage());
        }
    }
}
