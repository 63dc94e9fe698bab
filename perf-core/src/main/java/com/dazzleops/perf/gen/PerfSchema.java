package com.dazzleops.perf.gen;

/**
 * The trace-file DDL with Dazzle's column order and index names (contract §1.3): Python tests insert positionally,
 * so the order matters.
 */
public final class PerfSchema {
    private PerfSchema() {
    }

    public static final String DDL = """
            CREATE TABLE IF NOT EXISTS runs (
                run_id TEXT PRIMARY KEY,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                app_name TEXT,
                manifest_path TEXT,
                command_line TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS spans (
                span_id TEXT PRIMARY KEY,
                trace_id TEXT NOT NULL,
                parent_span_id TEXT,
                run_id TEXT NOT NULL REFERENCES runs(run_id),
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                started_ns INTEGER NOT NULL,
                ended_ns INTEGER NOT NULL,
                duration_ns INTEGER NOT NULL,
                attributes_json TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS events (
                event_id INTEGER PRIMARY KEY AUTOINCREMENT,
                span_id TEXT NOT NULL REFERENCES spans(span_id),
                run_id TEXT NOT NULL,
                name TEXT NOT NULL,
                timestamp_ns INTEGER NOT NULL,
                attributes_json TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS idx_spans_run_id ON spans(run_id);
            CREATE INDEX IF NOT EXISTS idx_spans_parent ON spans(run_id, parent_span_id);
            CREATE INDEX IF NOT EXISTS idx_spans_name_duration ON spans(run_id, name, duration_ns DESC);
            CREATE INDEX IF NOT EXISTS idx_events_span ON events(span_id);
            """;

    /** The statements one by one (JDBC executes one statement per call). */
    public static String[] statements() {
        return java.util.Arrays.stream(DDL.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
