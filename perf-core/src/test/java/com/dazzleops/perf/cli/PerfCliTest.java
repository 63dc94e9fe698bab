package com.dazzleops.perf.cli;

import com.dazzleops.model.json.Wire;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PerfCliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PerfCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void generateThenShowIncludesOrphansAndCycles() throws Exception {
        Path f = dir.resolve("run1.db");
        Result g = run("generate", f.toString(), "--spans", "800", "--cycles", "--orphans", "2");
        assertThat(g.code()).isZero();
        assertThat(g.out()).contains("run run1, 800 spans");
        Result s = run("show", f.toString());
        assertThat(s.code()).isZero();
        List<String> lines = s.out().lines().toList();
        assertThat(lines.get(0)).matches("dsl\\.parse  \\d+\\.\\d{2}ms  \\[ok]");
        assertThat(lines).filteredOn(l -> l.startsWith("[orphaned] parent ")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("[cycle] 4 spans are unreachable")).hasSize(1);
        assertThat(lines).anyMatch(l -> l.equals("    self.parent  0.50ms  [ok]  (cycle)") || l.equals("  self.parent  0.50ms  [ok]"));
        long spanLines = lines.stream().filter(l -> !l.startsWith("[")).count();
        // every span printed once, plus one "(cycle)" back-reference per loop
        assertThat(spanLines).isEqualTo(800 + 2);
    }

    @Test
    void showTextFollowsDazzlesIndentation() throws Exception {
        Path f = dir.resolve("r1.db");
        try (var h = com.dazzleops.perf.HandMade.create(f, "r1")) {
            h.span("root", null, "GET /tasks", "server", "ok", 12.345, "{}");
            h.span("kid", "root", "SELECT", "client", "ok", 0.42, "{}");
            h.span("gk", "kid", "deep", "internal", "error", 0, "{}");
        }
        Result s = run("show", f.toString(), "--run", "r1");
        assertThat(s.out()).isEqualTo("GET /tasks  12.35ms  [ok]\n  SELECT  0.42ms  [ok]\n    deep  0.00ms  [error]\n");
    }

    @Test
    void reportJsonHasDazzlesKeysInOrder() throws Exception {
        Path f = dir.resolve("rep.db");
        TraceGenerator.generate(f, GeneratorOptions.defaults(2_000).withRunId("rep"));
        Result r = run("report", f.toString(), "--format", "json");
        assertThat(r.code()).isZero();
        JsonNode json = Wire.mapper().readTree(r.out());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("run_id", "app_name", "started_at", "ended_at", "slow_endpoints", "slow_queries",
                "n_plus_one", "slow_phases", "render_fanout", "boot_cost", "exceptions");
        assertThat(json.get("slow_endpoints").get(0).has("p95_ms")).isTrue();
        assertThat(json.get("boot_cost").get("parse_dsl_ms").isNumber()).isTrue();

        Result md = run("report", f.toString(), "--links");
        assertThat(md.out()).startsWith("# Perf report — rep (invoice_ops)\nStarted: ")
                .contains("## Slow endpoints\n\n| Route | Calls | Total (ms) | p95 (ms) |\n|---|---|---|---|\n")
                .contains("## Suspected N+1 patterns").contains("Slow queries\t");
    }

    @Test
    void compareTwoFilesAndTwoRunsOfOneFile() throws Exception {
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        TraceGenerator.generate(a, GeneratorOptions.defaults(1_500).withRunId("a").withExtraRuns(1));
        TraceGenerator.generate(b, GeneratorOptions.defaults(1_500).withRunId("b").withSlowdown(2));
        Result two = run("compare", a.toString(), b.toString());
        assertThat(two.code()).isZero();
        assertThat(two.out()).contains("A: a (a.db, 1500 spans)").contains("B: b (b.db, 1500 spans)")
                .contains("Routes (server spans)").contains("Span names").containsPattern("GET /reports/aging +\\d+ +\\d+");
        Result one = run("compare", a.toString());
        assertThat(one.code()).isZero();
        assertThat(one.out()).contains("B: a-r2 (a.db, 150 spans)");
    }

    @Test
    void badFilesAndRunsExitOneWithAMessage() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.db"), "junk");
        Result r = run("show", junk.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("junk.db is not a SQLite database");
        assertThat(r.out()).isEmpty();

        Path f = dir.resolve("ok.db");
        TraceGenerator.generate(f, GeneratorOptions.defaults(100).withRunId("ok"));
        Result noRun = run("report", f.toString(), "--run", "nope");
        assertThat(noRun.code()).isEqualTo(1);
        assertThat(noRun.err()).contains("No run nope in ok.db");

        assertThat(run("show").code()).isEqualTo(2);
        assertThat(run("runs", f.toString()).out()).startsWith("ok  2026-11-25T04:00:00.001234+00:00  2026-11-25T");
    }
}
