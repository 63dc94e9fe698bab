package com.dazzleops.console.app;

import com.dazzleops.console.shell.Theme;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The window's command line: {@code [--demo] [--theme light|dark] [--page ID] [--server NAME] [--exit-after SECONDS]
 * [--interval SECONDS] [FILE.db ...]}.
 *
 * @param demo start the embedded runtime-server with its demo workload and watch it
 * @param theme overrides the remembered theme for this run (not saved)
 * @param page the page to show first (dashboard, fleet, alerts, traces, ...)
 * @param server the display name of the server to select first
 * @param exitAfter close the window after this long (scripted screenshots)
 * @param interval poll interval (default 2 s)
 * @param files files offered to the pages (trace databases)
 */
public record LaunchOptions(boolean demo, Optional<Theme> theme, Optional<String> page, Optional<String> server,
                            Optional<Duration> exitAfter, Duration interval, List<Path> files) {

    public static final String USAGE = """
            Usage: dazzle-console [--demo] [--theme light|dark] [--page dashboard|fleet|alerts|...] [--server NAME]
                                  [--exit-after SECONDS] [--interval SECONDS] [TRACE.db ...]
                   dazzle-console check URL... [--format table|json]   (no window; exit 0 healthy, 1 bad, 2 unreachable)
                   dazzle-console perf show|report|compare ...          (no window)
            """;

    public LaunchOptions {
        files = List.copyOf(files);
    }

    public static LaunchOptions defaults() {
        return new LaunchOptions(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), List.of());
    }

    /**
     * Parses the window's arguments.
     *
     * @throws IllegalArgumentException with a sentence for the user
     */
    public static LaunchOptions parse(String... args) {
        boolean demo = false;
        Optional<Theme> theme = Optional.empty();
        Optional<String> page = Optional.empty();
        Optional<String> server = Optional.empty();
        Optional<Duration> exitAfter = Optional.empty();
        Duration interval = Duration.ofSeconds(2);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--demo" -> demo = true;
                case "--theme" -> {
                    String v = value(args, ++i, a);
                    if (!v.equalsIgnoreCase("light") && !v.equalsIgnoreCase("dark")) {
                        throw new IllegalArgumentException("--theme takes light or dark, not '" + v + "'");
                    }
                    theme = Optional.of(Theme.parse(v));
                }
                case "--page" -> page = Optional.of(value(args, ++i, a));
                case "--server" -> server = Optional.of(value(args, ++i, a));
                case "--exit-after" -> exitAfter = Optional.of(seconds(value(args, ++i, a), a));
                case "--interval" -> interval = seconds(value(args, ++i, a), a);
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    files.add(Path.of(a));
                }
            }
        }
        return new LaunchOptions(demo, theme, page, server, exitAfter, interval, files);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Duration seconds(String v, String option) {
        try {
            double d = Double.parseDouble(v);
            if (d <= 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(d * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a positive number of seconds, not '" + v + "'");
        }
    }
}
