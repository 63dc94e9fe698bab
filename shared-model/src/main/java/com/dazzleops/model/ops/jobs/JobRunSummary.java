package com.dazzleops.model.ops.jobs;

import com.dazzleops.model.json.WireTime;

/**
 * One element of {@code runs} in {@code GET /_dazzle/jobs/runs} and {@code /_dazzle/jobs/dead-letter} (wire-ops
 * §5.2). Key order fixed.
 *
 * <p>Quirks: {@code attempt} is the JobRun's {@code attempt_number} renamed ({@code 1} when null/0); timestamps are
 * Python {@code isoformat()} ({@code +00:00}, no fraction when the microseconds are 0), <em>not</em> the {@code Z}
 * of {@code /jobruns}.
 *
 * @param jobRunId JobRun id ({@code ""} when missing)
 * @param jobName {@code ""} when missing
 * @param status {@code "unknown"} when missing
 * @param attempt 1-based
 * @param errorMessage nullable
 * @param startedAt nullable
 * @param finishedAt nullable
 * @param durationMs nullable
 * @param createdAt nullable
 */
public record JobRunSummary(String jobRunId, String jobName, String status, int attempt, String errorMessage,
                           WireTime startedAt, WireTime finishedAt, Long durationMs, WireTime createdAt) {

    /** The summary Dazzle derives from a JobRun row, timestamps re-rendered as {@code isoformat()}. */
    public static JobRunSummary from(JobRun run) {
        Integer a = run.attemptNumber();
        return new JobRunSummary(run.id() == null ? "" : run.id(), run.jobName() == null ? "" : run.jobName(),
                run.status() == null ? JobRun.UNKNOWN : run.status(), a == null || a == 0 ? 1 : a,
                run.errorMessage(), iso(run.startedAt()), iso(run.finishedAt()), run.durationMs(),
                iso(run.createdAt()));
    }

    private static WireTime iso(WireTime t) {
        return t == null ? null : WireTime.pythonIso(t.toInstant());
    }
}
