package com.dazzleops.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Figures about this JVM process that the benchmarks print. */
public final class ProcessStats {

    private ProcessStats() {
    }

    /** Resident memory of this process in KiB (VmRSS of /proc/self/status); 0 where there is no /proc. */
    public static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return 0;
    }
}
