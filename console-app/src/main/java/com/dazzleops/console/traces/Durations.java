package com.dazzleops.console.traces;

import java.util.Locale;

/** Human durations for the tree and details: 850 µs, 12.35 ms, 1.20 s. */
public final class Durations {
    private Durations() {
    }

    public static String format(long ns) {
        if (ns < 0) {
            return "-";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f µs", ns / 1e3);
        }
        if (ns < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }

    /** A start offset: "+12.35 ms". */
    public static String offset(long ns) {
        return (ns < 0 ? "-" : "+") + format(Math.abs(ns));
    }
}
