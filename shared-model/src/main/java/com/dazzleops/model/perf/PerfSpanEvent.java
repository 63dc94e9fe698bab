package com.dazzleops.model.perf;

/** One row of the {@code events} table (for example {@code exception} with {@code exception.message}). */
public record PerfSpanEvent(long eventId, String spanId, String runId, String name, long timestampNs,
                            String attributesJson) {
}
