/**
 * The {@code dazzle perf} trace file as values: a run, a span, a span event (the three tables of
 * {@code .dazzle/perf/RUN_ID.db}), and the findings report in Dazzle's public JSON shape
 * ({@code dazzle perf report --format json}; key order is the contract's).
 */
package com.dazzleops.model.perf;
