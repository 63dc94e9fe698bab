package com.dazzleops.perf.findings;

import com.dazzleops.model.perf.FindingsReport;

import java.util.List;

/** The report in Dazzle's JSON shape plus the same findings with links to their spans. */
public record FindingsResult(FindingsReport report, List<Finding> findings) {
    public FindingsResult {
        findings = List.copyOf(findings);
    }
}
