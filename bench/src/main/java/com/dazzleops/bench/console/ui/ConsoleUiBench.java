package com.dazzleops.bench.console.ui;

import com.dazzleops.console.app.ConsoleServices;
import com.dazzleops.console.app.ConsoleWindow;
import com.dazzleops.console.app.LaunchOptions;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The console's window watching N servers (from {@link FleetFixture}) for a while, measured from inside: CPU time
 * of the whole process as a share of one core, resident memory (VmRSS, sampled every second), and the largest gap
 * between two JavaFX pulses seen by an {@link AnimationTimer} probe (the probe keeps pulses coming at 60 Hz, so its
 * own cost is included in the CPU figure). The first half shows the selected server's dashboard, the second half
 * the fleet page with every server.
 *
 * <p>Usage: {@code ConsoleUiBench PORTS_FILE [--minutes 5] [--interval 2] [--warmup 30]}
 */
public final class ConsoleUiBench {

    /** The fixture's count of requests answered so far ({@link FleetFixture}), or -1 if it cannot be read. */
    static long answered(Path portsFile) {
        try {
            return Long.parseLong(Files.readString(portsFile.resolveSibling(portsFile.getFileName() + ".requests")).trim());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    public static void main(String[] args) throws Exception {
        Path portsFile = Path.of(args[0]);
        double minutes = 5;
        double interval = 2;
        double warmup = 30;
        boolean probe = true;
        for (int i = 1; i < args.length; i += 2) {
            if (args[i].equals("--no-probe")) {
                probe = false;
                i--;
                continue;
            }
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                case "--interval" -> interval = Double.parseDouble(args[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Integer> ports = Files.readAllLines(portsFile).stream().filter(s -> !s.isBlank()).map(Integer::parseInt).toList();
        Path home = Files.createTempDirectory("console-ui-bench");
        ConsoleServices services = ConsoleServices.open(home.resolve("config"), home.resolve("data"),
                Duration.ofMillis(Math.round(interval * 1000)));
        Environment[] envs = {Environment.PRODUCTION, Environment.STAGING, Environment.DEV, Environment.DEV};
        for (int i = 0; i < ports.size(); i++) {
            services.registry().add(ServerProfile.create(String.format(Locale.ROOT, "fixture-%02d", i + 1),
                    "http://127.0.0.1:" + ports.get(i), envs[i % envs.length]));
        }
        AtomicLong snapshots = new AtomicLong();
        services.engine().addListener(s -> snapshots.incrementAndGet());
        // alerts raised and cleared while measured: each may show a desktop notification (a popup window, animated)
        java.util.Map<String, AtomicLong> alertsByCheck = new java.util.concurrent.ConcurrentSkipListMap<>();
        AtomicLong measuringAlerts = new AtomicLong();
        // when (whole seconds into the measurement) alert events came: a burst shows as a CPU slice above the others
        java.util.Set<Long> alertSeconds = new java.util.concurrent.ConcurrentSkipListSet<>();
        AtomicLong alertClock0 = new AtomicLong();
        services.engine().alerts().addListener(ev -> {
            if (measuringAlerts.get() == 1) {
                alertsByCheck.computeIfAbsent(ev.kind() + " " + ev.check(), k -> new AtomicLong()).incrementAndGet();
                alertSeconds.add((System.nanoTime() - alertClock0.get()) / 1_000_000_000L);
            }
        });

        AtomicReference<ConsoleWindow> window = new AtomicReference<>();
        AtomicLong maxGapNanos = new AtomicLong();
        AtomicLong gapsOver100 = new AtomicLong();
        AtomicLong pulses = new AtomicLong();
        AtomicLong scenePulses = new AtomicLong();
        AtomicLong maxGapAt = new AtomicLong();
        AtomicLong measureStart = new AtomicLong();
        java.util.List<String> gapLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong measuring = new AtomicLong(0); // 1 while the window is measured
        CountDownLatch shown = new CountDownLatch(1);
        boolean withProbe = probe;
        Platform.startup(() -> {
            Stage stage = new Stage();
            window.set(ConsoleWindow.show(stage, services, LaunchOptions.parse("--page", "dashboard", "--theme", "light")));
            AnimationTimer timer = new AnimationTimer() {
                private long last;

                @Override
                public void handle(long now) {
                    if (last != 0 && measuring.get() == 1) {
                        long gap = now - last;
                        pulses.incrementAndGet();
                        if (gap > maxGapNanos.get()) {
                            maxGapNanos.set(gap);
                            maxGapAt.set(now - gap);
                        }
                        if (gap > 100_000_000L) {
                            gapsOver100.incrementAndGet();
                            gapLog.add(String.format(Locale.ROOT, "%.1f s: %.0f ms", (now - gap - measureStart.get()) / 1e9, gap / 1e6));
                        }
                    }
                    last = now;
                }
            };
            if (withProbe) {
                timer.start();
            }
            // pulses as they come, without asking for them (with the probe: its 60 Hz; without: what the window
            // itself asks for, i.e. whether anything in it animates)
            stage.getScene().addPostLayoutPulseListener(() -> {
                if (measuring.get() == 1) {
                    scenePulses.incrementAndGet();
                }
            });
            shown.countDown();
        });
        shown.await();
        System.err.printf(Locale.ROOT, "watching %d servers every %.1f s; warm-up %.0f s, then %.1f min measured%n",
                ports.size(), interval, warmup, minutes);
        // build both pages once during the warm-up (the first show of a page builds its view)
        Thread.sleep(Math.round(warmup * 500));
        Platform.runLater(() -> window.get().shell().showPage("fleet"));
        Thread.sleep(2000);
        Platform.runLater(() -> window.get().shell().showPage("dashboard"));
        Thread.sleep(Math.max(0, Math.round(warmup * 500) - 2000));

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> threadCpu0 = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            threadCpu0.put(id, threads.getThreadCpuTime(id));
        }
        double load0 = os.getSystemLoadAverage();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long snaps0 = snapshots.get();
        long requests0 = answered(portsFile);
        measureStart.set(System.nanoTime());
        alertClock0.set(wall0);
        measuring.set(1);
        measuringAlerts.set(1);
        // the process CPU per slice of the measurement: what the mean hides (a warm-up tail, an alert burst)
        final long slice = 30_000;
        List<Double> slices = new java.util.ArrayList<>();
        long sliceCpu = cpu0;
        long sliceWall = wall0;
        long rssMax = 0;
        long rssSum = 0;
        int rssN = 0;
        long total = Math.round(minutes * 60_000);
        boolean switched = false;
        for (long t = 0; t < total; t += 1000) {
            Thread.sleep(1000);
            long rss = com.dazzleops.bench.ProcessStats.rssKb();
            rssMax = Math.max(rssMax, rss);
            rssSum += rss;
            rssN++;
            if ((t + 1000) % slice == 0 || t + 1000 >= total) {
                long c = os.getProcessCpuTime();
                long w = System.nanoTime();
                slices.add(100.0 * (c - sliceCpu) / (w - sliceWall));
                sliceCpu = c;
                sliceWall = w;
            }
            if (!switched && t >= total / 2) {
                switched = true;
                Platform.runLater(() -> window.get().shell().showPage("fleet"));
            }
        }
        measuring.set(0);
        measuringAlerts.set(0);
        long cpu1 = os.getProcessCpuTime();
        java.util.Map<String, Long> byThread = new java.util.TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            long t1 = threads.getThreadCpuTime(id);
            if (info == null || t1 < 0) {
                continue;
            }
            String name = info.getThreadName().replaceAll("-?\\d+$", "-N");
            byThread.merge(name, t1 - threadCpu0.getOrDefault(id, 0L), Long::sum);
        }
        long wall1 = System.nanoTime();
        long requests = answered(portsFile) - requests0;
        long snaps = snapshots.get() - snaps0;
        long up = services.engine().snapshots().stream().filter(s -> s.status() == ServerStatus.UP).count();
        double cpuPct = 100.0 * (cpu1 - cpu0) / (wall1 - wall0);
        double seconds = (wall1 - wall0) / 1e9;
        Runtime rt = Runtime.getRuntime();

        System.out.println();
        System.out.println("Console UI benchmark: " + ports.size() + " servers, " + interval + " s interval, "
                + String.format(Locale.ROOT, "%.1f", seconds) + " s measured (dashboard, then fleet page), JavaFX "
                + com.sun.javafx.runtime.VersionInfo.getRuntimeVersion() + ", glass " + com.sun.glass.ui.Application.GetApplication().getClass().getSimpleName());
        System.out.println("| figure | measured | target |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| CPU, whole process (%% of one core) | %.2f %% | <= 5 %% |%n", cpuPct);
        System.out.printf(Locale.ROOT, "| CPU by %d s slice (%% of one core) | %s | |%n", slice / 1000,
                slices.stream().map(x -> String.format(Locale.ROOT, "%.1f", x))
                        .collect(java.util.stream.Collectors.joining(" · ")));
        System.out.printf(Locale.ROOT, "| RSS max (mean) | %.0f MB (%.0f MB) | <= 400 MB |%n", rssMax / 1024.0, rssSum / 1024.0 / Math.max(1, rssN));
        if (withProbe) {
            System.out.printf(Locale.ROOT, "| largest gap between JavaFX pulses | %.1f ms | <= 100 ms |%n", maxGapNanos.get() / 1e6);
            System.out.printf(Locale.ROOT, "| pulses over 100 ms apart | %d of %d | 0 |%n", gapsOver100.get(), pulses.get());
            System.out.printf(Locale.ROOT, "| when (s into the measurement; page switch at %.0f s) | %s | |%n",
                    minutes * 30, gapLog.isEmpty() ? "-" : String.join("; ", gapLog.subList(0, Math.min(8, gapLog.size()))));
        } else {
            System.out.println("| largest gap between JavaFX pulses | not measured (--no-probe: no 60 Hz probe, its cost not in the CPU figure) | <= 100 ms |");
            System.out.printf(Locale.ROOT, "| pulses the window asked for | %.1f/s | |%n", scenePulses.get() / seconds);
        }
        System.out.printf(Locale.ROOT, "| snapshots received | %d (%.1f/s; expected ~%.1f/s) | |%n", snaps, snaps / seconds, ports.size() / interval);
        System.out.printf(Locale.ROOT, "| requests answered by the fixture | %s | |%n", requests0 < 0 || requests < 0 ? "-"
                : String.format(Locale.ROOT, "%.1f/s; whole-process CPU per request %.0f µs", requests / seconds,
                (cpu1 - cpu0) / 1e3 / Math.max(1, requests)));
        System.out.printf(Locale.ROOT, "| servers up at the end | %d of %d | |%n", up, ports.size());
        System.out.printf(Locale.ROOT, "| alert events while measured (servers x check) | %s | |%n",
                alertsByCheck.isEmpty() ? "none" : alertsByCheck.entrySet().stream()
                        .map(e -> e.getValue().get() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "))
                        + (alertSeconds.isEmpty() ? "" : " (at " + alertSeconds.stream().limit(8).map(x -> x + " s")
                        .collect(java.util.stream.Collectors.joining(", ")) + (alertSeconds.size() > 8 ? ", …" : "") + ")"));
        System.out.printf(Locale.ROOT, "| machine load average (start / end), %d cores | %.1f / %.1f | |%n",
                os.getAvailableProcessors(), load0, os.getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "| JVM | %s, %s | |%n", System.getProperty("java.vm.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-Xmx") || a.startsWith("-XX:+Use")).toList());
        System.out.printf(Locale.ROOT, "| heap used / max | %.0f MB / %.0f MB | |%n",
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.maxMemory() / 1048576.0);
        System.out.println();
        System.out.println("CPU by thread (Java threads only; GC and JIT threads are in the process figure):");
        long wall = wall1 - wall0;
        byThread.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-40s %6.2f %%%n", e.getKey(), 100.0 * e.getValue() / wall));
        Platform.runLater(() -> {
            window.get().shell().stage().close();
        });
        services.close();
        Platform.exit();
        System.exit(0);
    }
}
