package com.dazzleops.model.perf;

import java.util.List;

/**
 * {@code dazzle perf report --format json}: the public findings schema, keys in this order, empty lists written as
 * {@code []}, {@code bootCost} null only when neither {@code dsl.parse} nor {@code route.gen} occurs.
 */
public record FindingsReport(String runId, String appName, String startedAt, String endedAt,
                             List<SlowEndpoint> slowEndpoints, List<SlowQuery> slowQueries,
                             List<NPlusOne> nPlusOne, List<SlowPhase> slowPhases,
                             List<RenderFanOut> renderFanout, BootCost bootCost,
                             List<ExceptionFinding> exceptions) {

    public FindingsReport {
        slowEndpoints = List.copyOf(slowEndpoints);
        slowQueries = List.copyOf(slowQueries);
        nPlusOne = List.copyOf(nPlusOne);
        slowPhases = List.copyOf(slowPhases);
        renderFanout = List.copyOf(renderFanout);
        exceptions = List.copyOf(exceptions);
    }

    public record SlowEndpoint(String route, int calls, double totalMs, double p95Ms) {
    }

    public record SlowQuery(String statement, int calls, double totalMs) {
    }

    public record NPlusOne(String parentSpan, String childStatement, int repetitions) {
    }

    public record SlowPhase(String name, int calls, double totalMs, double maxMs) {
    }

    public record RenderFanOut(String route, int regionRenders, double totalMs) {
    }

    public record BootCost(double parseDslMs, double routeGenMs, double totalMs) {
    }

    public record ExceptionFinding(String spanName, String message, int count) {
    }
}
