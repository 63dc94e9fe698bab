package com.dazzleops.console.core.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one server offers, found by {@link DazzleClient#discover()}. Discovery runs when the monitor starts and
 * again whenever a server comes back after being down (it may have been upgraded).
 *
 * @param discoveredAt when
 * @param jobsExplorer {@code /_dazzle/jobs} (only when jobs are declared, 0.71.122+)
 * @param jobRunsPath the JobRun CRUD list path: {@code /jobruns} (current), {@code /api/jobruns} (0.71), or
 *                    empty when neither answers
 * @param jobRunsNeedAuth true when the JobRun CRUD list answered 401/403 without (or with the given) credentials
 * @param approvals {@code /_dazzle/approvals/pending}
 * @param integrations integration names read from {@code /spec} (each has {@code /_dazzle/integrations/{name}/retries})
 * @param events the event system's state
 * @param audit {@code /_dazzle/audit/*}
 * @param auditNeedsAuth true when audit answered 401/403 with the profile's credentials
 * @param version the framework version from {@code /health}, when known
 */
public record Capabilities(Instant discoveredAt, Feature jobsExplorer, Optional<String> jobRunsPath,
                           boolean jobRunsNeedAuth, Feature approvals, List<String> integrations, EventsState events,
                           Feature audit, boolean auditNeedsAuth, Optional<String> version) {

    public Capabilities {
        Objects.requireNonNull(discoveredAt, "discoveredAt");
        jobRunsPath = jobRunsPath == null ? Optional.empty() : jobRunsPath;
        integrations = integrations == null ? List.of() : List.copyOf(integrations);
        version = version == null ? Optional.empty() : version;
    }

    /** Nothing known yet (before the first discovery). */
    public static Capabilities unknown(Instant at) {
        return new Capabilities(at, Feature.UNKNOWN, Optional.empty(), false, Feature.UNKNOWN, List.of(),
                EventsState.UNKNOWN, Feature.UNKNOWN, false, Optional.empty());
    }

    /** True when the server has any way to list job runs. */
    public boolean hasJobRuns() {
        return jobsExplorer == Feature.PRESENT || jobRunsPath.isPresent();
    }

    /** True for a 0.71-style server: JobRuns under {@code /api/jobruns} and no jobs explorer. */
    public boolean legacyJobRuns() {
        return jobRunsPath.map("/api/jobruns"::equals).orElse(false);
    }
}
