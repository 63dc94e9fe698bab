package com.dazzleops.perf.read;

import com.dazzleops.model.perf.PerfRun;

/**
 * A run as the viewer lists it.
 *
 * @param hasRunsRow false when spans carry a run id that has no {@code runs} row (Dazzle's report crashes on these;
 *                   we list them with unknown times)
 */
public record RunSummary(PerfRun run, long spanCount, boolean hasRunsRow) {

    public String runId() {
        return run.runId();
    }
}
