package com.dazzleops.perf.cli;

import com.dazzleops.model.json.Wire;
import com.dazzleops.perf.compare.RunComparison;
import com.dazzleops.perf.findings.Finding;
import com.dazzleops.perf.findings.FindingsEngine;
import com.dazzleops.perf.findings.FindingsResult;
import com.dazzleops.perf.findings.MarkdownReport;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import com.dazzleops.perf.read.RunSummary;
import com.dazzleops.perf.read.TraceFile;
import com.dazzleops.perf.read.TraceFileException;
import com.dazzleops.perf.show.TreePrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The headless {@code perf} command over trace files: {@code runs}, {@code show}, {@code report}, {@code compare},
 * {@code generate}. Exit codes: 0 done, 1 the file or run cannot be used (the message says why), 2 bad usage.
 * The console's {@code console perf ...} calls {@link #execute(String...)}.
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = "Read dazzle perf trace files (.dazzle/perf/RUN_ID.db) without a window.",
        subcommands = {PerfCli.Runs.class, PerfCli.Show.class, PerfCli.Report.class, PerfCli.Compare.class, PerfCli.Generate.class})
public final class PerfCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Runs the command, printing to stdout/stderr; returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new PerfCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("perf: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Failure the user can act on: printed as one line, exit 1. */
    static final class Fail extends Exception {
        Fail(String message) {
            super(message);
        }
    }

    abstract static class FileCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        static TraceFile open(Path file) throws Fail {
            try {
                return TraceFile.open(file);
            } catch (TraceFileException e) {
                throw new Fail(e.getMessage());
            }
        }

        static RunSummary resolve(TraceFile tf, String runId) throws Fail, TraceFileException {
            if (runId != null) {
                return tf.run(runId).orElseThrow(() -> new Fail("No run " + runId + " in " + tf.path().getFileName()));
            }
            return tf.defaultRun().orElseThrow(() -> new Fail("No perf runs found in " + tf.path().getFileName()));
        }

        @Override
        public final Integer call() throws Exception {
            try {
                return run();
            } catch (Fail | TraceFileException e) {
                err().println("perf: " + e.getMessage());
                err().flush();
                return 1;
            }
        }

        abstract int run() throws Exception;
    }

    @Command(name = "runs", description = "List the runs in a trace file (like `dazzle perf list`, with span counts).")
    static final class Runs extends FileCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        int run() throws Exception {
            try (TraceFile tf = open(file)) {
                for (RunSummary r : tf.runs()) {
                    out().println(String.join("  ", r.runId(), nvl(r.run().startedAt(), "(unknown)"),
                            nvl(r.run().endedAt(), "(running)"), nvl(r.run().appName(), "-"),
                            nvl(r.run().commandLine(), ""), r.spanCount() + " spans"));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Print a run's span tree (orphans and cycles included, unlike Dazzle's show).")
    static final class Show extends FileCommand {
        @Parameters(paramLabel = "FILE")
        Path file;
        @Option(names = "--run", paramLabel = "ID", description = "run id (default: the run named like the file, else the newest)")
        String run;

        @Override
        int run() throws Exception {
            try (TraceFile tf = open(file)) {
                RunSummary r = resolve(tf, run);
                long n = new TreePrinter(tf, r.runId(), out()).print();
                if (n == 0) {
                    err().println("perf: run " + r.runId() + " has no spans");
                }
                return 0;
            }
        }
    }

    @Command(name = "report", description = "The findings of `dazzle perf report`, computed over the file.")
    static final class Report extends FileCommand {
        @Parameters(paramLabel = "FILE")
        Path file;
        @Option(names = "--run", paramLabel = "ID")
        String run;
        @Option(names = "--format", paramLabel = "md|json", defaultValue = "md",
                description = "json: Dazzle's findings schema; anything else: Markdown")
        String format;
        @Option(names = "--links", description = "after the report, list each finding with the span ids it is about")
        boolean links;

        @Override
        int run() throws Exception {
            try (TraceFile tf = open(file)) {
                RunSummary r = resolve(tf, run);
                FindingsResult result = FindingsEngine.compute(tf, r.runId());
                if ("json".equalsIgnoreCase(format)) {
                    out().println(prettyJson(result.report()));
                } else {
                    out().print(MarkdownReport.render(result.report()));
                }
                if (links) {
                    out().println();
                    for (Finding f : result.findings()) {
                        out().println(f.category().heading() + "\t" + f.title() + "\t" + f.detail() + "\t" + String.join(",", f.spanIds()));
                    }
                }
                out().flush();
                return 0;
            }
        }
    }

    @Command(name = "compare", description = "Compare two runs per route and per span name: count, p50, p95 and deltas (B - A).")
    static final class Compare extends FileCommand {
        @Parameters(index = "0", paramLabel = "FILE_A")
        Path fileA;
        @Parameters(index = "1", paramLabel = "FILE_B", arity = "0..1", description = "default: FILE_A (compare two runs of one file)")
        Path fileB;
        @Option(names = "--run-a", paramLabel = "ID")
        String runA;
        @Option(names = "--run-b", paramLabel = "ID")
        String runB;

        @Override
        int run() throws Exception {
            try (TraceFile a = open(fileA); TraceFile b = open(fileB == null ? fileA : fileB)) {
                RunSummary ra = resolve(a, runA);
                RunSummary rb = resolve(b, runB);
                if (fileB == null && runB == null) {
                    rb = a.runs().stream().filter(x -> !x.runId().equals(ra.runId())).findFirst()
                            .orElseThrow(() -> new Fail("only one run in " + fileA.getFileName() + ": give FILE_B or --run-b"));
                }
                List<RunComparison.Row> rows = RunComparison.compare(a, ra.runId(), b, rb.runId());
                out().println("A: " + ra.runId() + " (" + a.path().getFileName() + ", " + ra.spanCount() + " spans)");
                out().println("B: " + rb.runId() + " (" + b.path().getFileName() + ", " + rb.spanCount() + " spans)");
                int width = Math.min(70, Math.max(20, rows.stream().mapToInt(x -> x.name().length()).max().orElse(20)));
                String fmt = "%-" + width + "s %8s %8s %7s %10s %10s %10s %10s %10s %10s%n";
                for (RunComparison.Scope scope : RunComparison.Scope.values()) {
                    out().println();
                    out().println(scope == RunComparison.Scope.ROUTE ? "Routes (server spans)" : "Span names");
                    out().printf(Locale.ROOT, fmt, "name", "count A", "count B", "Δcount", "p50 A ms", "p50 B ms", "Δp50 ms",
                            "p95 A ms", "p95 B ms", "Δp95 ms");
                    for (RunComparison.Row row : rows) {
                        if (row.scope() != scope) {
                            continue;
                        }
                        String name = row.name().length() > width ? row.name().substring(0, width - 1) + "…" : row.name();
                        out().printf(Locale.ROOT, fmt, name, row.a().count(), row.b().count(), signed(row.countDelta()),
                                ms(row.a().p50Ns()), ms(row.b().p50Ns()), deltaMs(row, row.p50DeltaNs()),
                                ms(row.a().p95Ns()), ms(row.b().p95Ns()), deltaMs(row, row.p95DeltaNs()));
                    }
                }
                out().flush();
                return 0;
            }
        }

        private static String signed(long v) {
            return v > 0 ? "+" + v : String.valueOf(v);
        }

        private static String ms(long ns) {
            return ns < 0 ? "-" : String.format(Locale.ROOT, "%.2f", ns / 1e6);
        }

        private static String deltaMs(RunComparison.Row row, long ns) {
            if (row.a().count() == 0 || row.b().count() == 0) {
                return row.a().count() == 0 ? "new" : "gone";
            }
            return String.format(Locale.ROOT, "%+.2f", ns / 1e6);
        }
    }

    @Command(name = "generate", description = "Write a realistic generated trace file (for tests, demos and benchmarks).")
    static final class Generate extends FileCommand {
        @Parameters(paramLabel = "OUT")
        Path out;
        @Option(names = "--spans", required = true, paramLabel = "N")
        long spans;
        @Option(names = "--run-id", paramLabel = "ID", description = "default: the file name without .db")
        String runId;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--unfinished", description = "leave ended_at NULL")
        boolean unfinished;
        @Option(names = "--orphans", defaultValue = "3", paramLabel = "K")
        int orphans;
        @Option(names = "--cycles", description = "add parent-id cycles (never produced by OTel; hand-made files have them)")
        boolean cycles;
        @Option(names = "--bad-attributes", defaultValue = "0", paramLabel = "K")
        int badAttributes;
        @Option(names = "--fanout", defaultValue = "0", paramLabel = "K", description = "one request with K direct children")
        int fanout;
        @Option(names = "--deep", defaultValue = "0", paramLabel = "K", description = "one request with a K-deep chain")
        int deep;
        @Option(names = "--error-rate", defaultValue = "0.1")
        double errorRate;
        @Option(names = "--extra-runs", defaultValue = "0")
        int extraRuns;
        @Option(names = "--slowdown", defaultValue = "1.0")
        double slowdown;
        @Option(names = "--wal", description = "leave the file in WAL mode, as a live writer would")
        boolean wal;

        @Override
        int run() throws Exception {
            if (spans < 1) {
                throw new Fail("--spans must be at least 1");
            }
            String name = out.getFileName().toString();
            String id = runId != null ? runId : name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
            GeneratorOptions o = new GeneratorOptions(spans, id, seed, !unfinished, orphans, cycles, badAttributes, fanout,
                    deep, errorRate, extraRuns, slowdown, wal);
            long t0 = System.nanoTime();
            TraceGenerator.Summary s = TraceGenerator.generate(out, o);
            out().printf(Locale.ROOT, "wrote %s: run %s, %d spans, %d events, %d orphan roots, %d failed requests (%.1f s)%n",
                    s.file(), s.runId(), s.spans(), s.events(), s.orphanRoots(), s.errorRequests(), (System.nanoTime() - t0) / 1e9);
            out().flush();
            return 0;
        }
    }

    /** Pydantic's {@code model_dump_json(indent=2)} layout: 2-space indent, {@code "key": value}, {@code []} when empty. */
    public static String prettyJson(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withArrayEmptySeparator("")
                        .withObjectEmptySeparator(""));
        pp.indentArraysWith(indent);
        pp.indentObjectsWith(indent);
        return Wire.mapper().writer(pp).writeValueAsString(value);
    }

    private static String nvl(String s, String dflt) {
        return s == null ? dflt : s;
    }
}
