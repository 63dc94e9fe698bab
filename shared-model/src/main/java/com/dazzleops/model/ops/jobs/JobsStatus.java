package com.dazzleops.model.ops.jobs;

import com.dazzleops.model.ops.OpsCollections;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /_dazzle/jobs} (wire-ops §5.1; exact path, {@code /_dazzle/jobs/} answers 307): aggregate over every
 * JobRun row. Mounted only when the AppSpec declares a {@code job} block, and absent before 0.71.122: a 404 here
 * means "no job explorer", not an error.
 *
 * <p>Quirk: {@code dead_letter_count} counts {@code dead_letter} <em>plus</em> {@code failed}, and {@code failed}
 * includes the intermediate rows of attempts that were retried, so it over-counts exhausted jobs.
 *
 * @param jobsDeclared number of {@code job} blocks
 * @param totalRuns number of JobRun rows
 * @param runsByStatus status → count, only statuses that occur, in order of first occurrence
 * @param deadLetterCount {@code dead_letter} + {@code failed}
 */
public record JobsStatus(int jobsDeclared, long totalRuns, Map<String, Long> runsByStatus, long deadLetterCount) {

    public JobsStatus {
        runsByStatus = OpsCollections.map(runsByStatus);
    }

    /** Aggregates {@code runs} (in the order read) the way Dazzle does; a null status counts as {@code unknown}. */
    public static JobsStatus aggregate(int jobsDeclared, List<JobRun> runs) {
        Map<String, Long> by = new LinkedHashMap<>();
        for (JobRun r : runs) {
            by.merge(r.status() == null ? JobRun.UNKNOWN : r.status(), 1L, Long::sum);
        }
        long dead = by.getOrDefault(JobRun.DEAD_LETTER, 0L) + by.getOrDefault(JobRun.FAILED, 0L);
        return new JobsStatus(jobsDeclared, runs.size(), by, dead);
    }
}
