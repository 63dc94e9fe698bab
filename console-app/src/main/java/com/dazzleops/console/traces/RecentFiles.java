package com.dazzleops.console.traces;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The recently opened trace files, newest first, one absolute path per line in {@code recent-traces.txt} under the
 * console's config directory. A damaged or missing list is an empty list; writes go through a temp file.
 */
public final class RecentFiles {
    public static final int MAX = 10;
    private final Path store;

    public RecentFiles(Path configDir) {
        this.store = configDir.resolve("recent-traces.txt");
    }

    public Path store() {
        return store;
    }

    public List<Path> load() {
        try {
            if (!Files.isRegularFile(store)) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && out.size() < MAX) {
                    try {
                        out.add(Path.of(line.strip()));
                    } catch (java.nio.file.InvalidPathException e) {
                        // a damaged line: skip it, keep the others
                    }
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Puts a file first and saves; returns the new list. */
    public List<Path> add(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> list = new ArrayList<>(load());
        list.remove(abs);
        list.add(0, abs);
        while (list.size() > MAX) {
            list.remove(list.size() - 1);
        }
        Files.createDirectories(store.getParent());
        Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
        Files.write(tmp, list.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
        Files.move(tmp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return List.copyOf(list);
    }
}
