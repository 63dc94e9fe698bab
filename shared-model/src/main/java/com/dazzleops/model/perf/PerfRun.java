package com.dazzleops.model.perf;

/**
 * One row of the {@code runs} table, timestamps as stored (ISO-8601 with {@code Z}, {@code +00:00}, with or without
 * fractions; parse with {@link com.dazzleops.model.json.WireTime#tryParse}).
 *
 * @param endedAt null while the run is live, after Ctrl-C or a crash ("not finished")
 * @param appName null in every {@code perf trace} run
 */
public record PerfRun(String runId, String startedAt, String endedAt, String appName, String manifestPath,
                      String commandLine) {

    public boolean finished() {
        return endedAt != null;
    }
}
