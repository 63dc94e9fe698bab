package com.dazzleops.model.perf;

/**
 * One row of the {@code spans} table. Ids are not validated (hand-made files use {@code s1}, {@code t}).
 *
 * @param parentSpanId null for a root; may name a span that is not in the run (an orphan)
 * @param kind         lowercase OTel kind: internal, server, client, producer, consumer
 * @param status       {@code ok} or {@code error}
 * @param attributesJson the column as stored: normally a JSON object, possibly with NaN/Infinity, possibly broken;
 *                     null when the row was read without it (tree listings never load attributes)
 */
public record PerfSpan(String spanId, String traceId, String parentSpanId, String runId, String name, String kind,
                       String status, long startedNs, long endedNs, long durationNs, String attributesJson) {

    public boolean isError() {
        return "error".equals(status);
    }

    public boolean isRoot() {
        return parentSpanId == null;
    }

    public double durationMs() {
        return durationNs / 1e6;
    }
}
