package com.dazzleops.perf.gen;

/**
 * What {@link TraceGenerator} writes.
 *
 * @param spans         exact number of spans in the (first) run
 * @param runId         run id; the file should be named {@code <runId>.db} for Dazzle's tools to see it
 * @param seed          same seed, same file
 * @param finished      false leaves {@code ended_at} NULL (Ctrl-C, crash, live run)
 * @param orphans       requests whose parent is not in the file (remote traceparent, a run killed mid-request)
 * @param cycles        add a 2-span parent cycle, a self-parent span and a child below the cycle
 * @param badAttributes spans whose {@code attributes_json} is not JSON
 * @param fanout        if &gt; 0, one request with this many direct SELECT children
 * @param deepChain     if &gt; 0, one request with a nested {@code predicate.compile} chain this deep
 * @param errorRate     share of approve requests that fail with a 500 (exception event on the failing span)
 * @param extraRuns     more runs in the same file (each about a tenth of {@code spans}), for one-file comparisons
 * @param slowdown      multiplies request-time durations (2.0 = twice as slow), for comparison tests
 * @param wal           leave the file in WAL journal mode, as a live writer would
 */
public record GeneratorOptions(long spans, String runId, long seed, boolean finished, int orphans, boolean cycles,
                               int badAttributes, int fanout, int deepChain, double errorRate, int extraRuns,
                               double slowdown, boolean wal) {

    public static final String DEFAULT_RUN_ID = "20261125-040000-5eed0001";

    public static GeneratorOptions defaults(long spans) {
        return new GeneratorOptions(spans, DEFAULT_RUN_ID, 42, true, 3, false, 0, 0, 0, 0.1, 0, 1.0, false);
    }

    public GeneratorOptions withRunId(String v) {
        return new GeneratorOptions(spans, v, seed, finished, orphans, cycles, badAttributes, fanout, deepChain, errorRate, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withSeed(long v) {
        return new GeneratorOptions(spans, runId, v, finished, orphans, cycles, badAttributes, fanout, deepChain, errorRate, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withFinished(boolean v) {
        return new GeneratorOptions(spans, runId, seed, v, orphans, cycles, badAttributes, fanout, deepChain, errorRate, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withOrphans(int v) {
        return new GeneratorOptions(spans, runId, seed, finished, v, cycles, badAttributes, fanout, deepChain, errorRate, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withCycles(boolean v) {
        return new GeneratorOptions(spans, runId, seed, finished, orphans, v, badAttributes, fanout, deepChain, errorRate, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withBadAttributes(int v) {
        return new GeneratorOptions(spans, runId, seed, finished, orphans, cycles, v, fanout, deepChain, errorRate, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withFanout(int v) {
        return new GeneratorOptions(spans, runId, seed, finished, orphans, cycles, badAttributes, v, deepChain, errorRate, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withDeepChain(int v) {
        return new GeneratorOptions(spans, runId, seed, finished, orphans, cycles, badAttributes, fanout, v, errorRate, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withErrorRate(double v) {
        return new GeneratorOptions(spans, runId, seed, finished, orphans, cycles, badAttributes, fanout, deepChain, v, extraRuns, slowdown, wal);
    }

    public GeneratorOptions withExtraRuns(int v) {
        return new GeneratorOptions(spans, runId, seed, finished, orphans, cycles, badAttributes, fanout, deepChain, errorRate, v, slowdown, wal);
    }

    public GeneratorOptions withSlowdown(double v) {
        return new GeneratorOptions(spans, runId, seed, finished, orphans, cycles, badAttributes, fanout, deepChain, errorRate, extraRuns, v, wal);
    }

    public GeneratorOptions withWal(boolean v) {
        return new GeneratorOptions(spans, runId, seed, finished, orphans, cycles, badAttributes, fanout, deepChain, errorRate, extraRuns, slowdown, v);
    }
}
