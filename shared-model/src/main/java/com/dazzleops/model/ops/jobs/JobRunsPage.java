package com.dazzleops.model.ops.jobs;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;

/**
 * {@code GET /_dazzle/jobs/runs} and {@code GET /_dazzle/jobs/dead-letter} (wire-ops §5.2, §5.3): newest first,
 * first page only, {@code limit} 1..100 (default 20, 422 outside).
 *
 * <p>Quirk: on {@code /runs}, {@code total} counts all JobRun rows, not {@code runs.size()}; on
 * {@code /dead-letter} it counts the rows with status {@code dead_letter} or {@code failed}.
 *
 * @param runs the summaries
 * @param total see above
 * @param limit echo
 */
public record JobRunsPage(List<JobRunSummary> runs, long total, int limit) {

    public JobRunsPage {
        runs = OpsCollections.list(runs);
    }
}
