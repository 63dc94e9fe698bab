package com.dazzleops.bench.console;

import com.dazzleops.console.core.ConsoleEngine;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.samples.SampleStore;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's toolkit-free engine (registry, monitors, client, checks, sample store, alerts) watching N servers, as
 * the console runs it, without a window: measures the engine's own cost. Prints CPU as % of one core (process CPU
 * time over wall time, after a warm-up), RSS (from /proc/self/status), heap after a GC, snapshots per second and the
 * snapshot status mix. The UI is measured on top of the same engine by bench/console-ui.sh (ConsoleUiBench).
 *
 * <p>Usage: {@code EngineFleetBench PORTS_FILE [--minutes 5] [--interval 2] [--warmup 30] [--work DIR]}.
 */
public final class EngineFleetBench {

    public static void main(String[] args) throws Exception {
        Path portsFile = Path.of(args[0]);
        double minutes = 5;
        double interval = 2;
        int warmup = 30;
        Path work = Files.createTempDirectory("engine-bench");
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                case "--interval" -> interval = Double.parseDouble(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> ports = Files.readAllLines(portsFile).stream().filter(s -> !s.isBlank()).toList();
        ServerRegistry registry = ServerRegistry.open(work.resolve("config/servers.json"));
        for (int i = 0; i < ports.size(); i++) {
            registry.add(ServerProfile.create("fleet-" + (i + 1), "http://127.0.0.1:" + ports.get(i).trim(),
                    i == 0 ? Environment.PRODUCTION : Environment.STAGING));
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "bench-scheduler");
            t.setDaemon(true);
            return t;
        });
        AtomicLong snapshots = new AtomicLong();
        Map<String, ServerSnapshot> latest = new ConcurrentHashMap<>();
        SampleStore store = SampleStore.open(work.resolve("data/samples.db"), Clock.systemUTC());
        ConsoleEngine engine = ConsoleEngine.builder(registry).scheduler(scheduler).sampleStore(store)
                .options(MonitorOptions.defaults().withInterval(Duration.ofMillis((long) (interval * 1000)))).build();
        engine.addListener(s -> {
            snapshots.incrementAndGet();
            latest.put(s.serverId(), s);
        });
        engine.start();
        System.out.printf(Locale.ROOT, "engine watching %d servers at %.1f s; warm-up %d s, then %.1f min measured%n",
                ports.size(), interval, warmup, minutes);
        Thread.sleep(warmup * 1000L);

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long snaps0 = snapshots.get();
        long rssMax = 0;
        long end = wall0 + (long) (minutes * 60e9);
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            rssMax = Math.max(rssMax, com.dazzleops.bench.ProcessStats.rssKb());
        }
        long cpu1 = os.getProcessCpuTime();
        long wall1 = System.nanoTime();
        long snaps = snapshots.get() - snaps0;
        Map<ServerStatus, Integer> statuses = new EnumMap<>(ServerStatus.class);
        Map<CheckLevel, Integer> worst = new EnumMap<>(CheckLevel.class);
        latest.values().forEach(s -> {
            statuses.merge(s.status(), 1, Integer::sum);
            worst.merge(s.worstLevel(), 1, Integer::sum);
        });
        System.gc();
        Thread.sleep(500);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double wallS = (wall1 - wall0) / 1e9;
        double cpuPct = 100.0 * (cpu1 - cpu0) / (wall1 - wall0);
        long threads = Thread.getAllStackTraces().size();
        System.out.println();
        System.out.println("== console engine, " + ports.size() + " servers, " + interval + " s interval, "
                + String.format(Locale.ROOT, "%.0f s measured", wallS) + " ==");
        System.out.printf(Locale.ROOT, "%-32s %12s   %s%n", "figure", "measured", "target (issue 6)");
        System.out.printf(Locale.ROOT, "%-32s %11.2f%%   %s%n", "CPU, % of one core", cpuPct, "<= 5 % (whole console)");
        System.out.printf(Locale.ROOT, "%-32s %9.1f MB   %s%n", "RSS, max during run", rssMax / 1024.0, "<= 400 MB (whole console)");
        System.out.printf(Locale.ROOT, "%-32s %9.1f MB   %n", "RSS, at end", com.dazzleops.bench.ProcessStats.rssKb() / 1024.0);
        System.out.printf(Locale.ROOT, "%-32s %9.1f MB   (max heap %.0f MB)%n", "heap used after GC",
                heap.getUsed() / 1048576.0, heap.getMax() / 1048576.0);
        System.out.printf(Locale.ROOT, "%-32s %12.1f   (expected %.1f)%n", "snapshots per second", snaps / wallS,
                ports.size() / interval);
        System.out.printf(Locale.ROOT, "%-32s %12d%n", "live threads", threads);
        System.out.println("server status at end: " + statuses + "; worst check level: " + worst);
        Map<String, Integer> nonOk = new java.util.TreeMap<>();
        latest.values().forEach(s -> s.checks().stream().filter(c -> c.level() != CheckLevel.OK)
                .forEach(c -> nonOk.merge(c.name() + " " + c.level() + " (" + c.value() + ")", 1, Integer::sum)));
        System.out.println("checks not OK at end (servers): " + nonOk);
        engine.close();
        store.close();
        scheduler.shutdownNow();
    }
}
