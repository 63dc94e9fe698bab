package com.dazzleops.perf.compare;

import com.dazzleops.perf.HandMade;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import com.dazzleops.perf.read.TraceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunComparisonTest {

    @TempDir
    Path dir;

    @Test
    void exactPercentilesAndDeltas() throws Exception {
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        try (HandMade h = HandMade.create(a, "a")) {
            for (int i = 1; i <= 10; i++) {
                h.span("a" + i, null, "GET /x", "server", "ok", i, "{}");
            }
            h.span("only-a", null, "dsl.parse", "internal", "ok", 3, "{}");
        }
        try (HandMade h = HandMade.create(b, "b")) {
            for (int i = 1; i <= 20; i++) {
                h.span("b" + i, null, "GET /x", "server", "ok", 2 * i, "{}");
            }
        }
        try (TraceFile fa = TraceFile.open(a); TraceFile fb = TraceFile.open(b)) {
            List<RunComparison.Row> rows = RunComparison.compare(fa, "a", fb, "b");
            RunComparison.Row route = rows.stream().filter(r -> r.scope() == RunComparison.Scope.ROUTE).findFirst().orElseThrow();
            assertThat(route.name()).isEqualTo("GET /x");
            assertThat(route.a().count()).isEqualTo(10);
            assertThat(route.b().count()).isEqualTo(20);
            assertThat(route.countDelta()).isEqualTo(10);
            // nearest rank: p50 of 1..10 ms is 5 ms, p95 is 10 ms; of 2..40 ms, p50 = 20 ms, p95 = 38 ms
            assertThat(route.a().p50Ns()).isEqualTo(5_000_000);
            assertThat(route.a().p95Ns()).isEqualTo(10_000_000);
            assertThat(route.b().p50Ns()).isEqualTo(20_000_000);
            assertThat(route.b().p95Ns()).isEqualTo(38_000_000);
            assertThat(route.p95DeltaNs()).isEqualTo(28_000_000);
            assertThat(route.p50DeltaNs()).isEqualTo(15_000_000);
            RunComparison.Row gone = rows.stream().filter(r -> r.name().equals("dsl.parse")).findFirst().orElseThrow();
            assertThat(gone.scope()).isEqualTo(RunComparison.Scope.SPAN);
            assertThat(gone.b().count()).isZero();
            assertThat(gone.p95DeltaNs()).isZero();
        }
    }

    @Test
    void aSlowerRunShowsPositiveDeltasOnEveryRoute() throws Exception {
        Path a = dir.resolve("fast.db");
        Path b = dir.resolve("slow.db");
        TraceGenerator.generate(a, GeneratorOptions.defaults(3_000).withRunId("fast"));
        TraceGenerator.generate(b, GeneratorOptions.defaults(3_000).withRunId("slow").withSlowdown(3.0));
        try (TraceFile fa = TraceFile.open(a); TraceFile fb = TraceFile.open(b)) {
            List<RunComparison.Row> routes = RunComparison.compare(fa, "fast", fb, "slow").stream()
                    .filter(r -> r.scope() == RunComparison.Scope.ROUTE && r.a().count() >= 10).toList();
            assertThat(routes).isNotEmpty().allMatch(r -> r.p95DeltaNs() > 0 && r.p50DeltaNs() > 0);
        }
    }

    @Test
    void comparingARunWithItselfGivesZeroDeltas() throws Exception {
        Path a = dir.resolve("same.db");
        TraceGenerator.generate(a, GeneratorOptions.defaults(1_000).withRunId("same"));
        try (TraceFile fa = TraceFile.open(a)) {
            assertThat(RunComparison.compare(fa, "same", fa, "same"))
                    .isNotEmpty().allMatch(r -> r.countDelta() == 0 && r.p50DeltaNs() == 0 && r.p95DeltaNs() == 0);
        }
    }
}
