package com.dazzleops.perf.findings;

import com.dazzleops.model.perf.FindingsReport;
import com.dazzleops.perf.HandMade;
import com.dazzleops.perf.cli.PerfCli;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import com.dazzleops.perf.read.TraceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FindingsEngineTest {

    @TempDir
    Path dir;

    private FindingsResult findings(Path f, String run) throws Exception {
        try (TraceFile tf = TraceFile.open(f)) {
            return FindingsEngine.compute(tf, run);
        }
    }

    @Test
    void nPlusOneIsPerParentInstance() throws Exception {
        Path f = dir.resolve("r1.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            h.span("p1", null, "GET /tasks", "server", "ok", 10, "{}");
            for (int i = 1; i <= 3; i++) {
                h.sql("q1" + i, "p1", "SELECT * FROM \"task\" WHERE id = " + i, 1);
            }
            h.span("p2", null, "GET /users", "server", "ok", 10, "{}");
            h.sql("q21", "p2", "SELECT * FROM \"user\" WHERE id = 1", 1);
            h.sql("q22", "p2", "SELECT * FROM \"user\" WHERE id = 2", 1);
            // three requests each running the query once: Dazzle flags this (3 under the name), we do not
            for (int i = 0; i < 3; i++) {
                h.span("i" + i, null, "GET /items", "server", "ok", 5, "{}");
                h.sql("iq" + i, "i" + i, "SELECT * FROM \"item\" WHERE list_id = 7", 1);
            }
            h.span("p3", null, "GET /mixed", "server", "ok", 10, "{}");
            h.sql("m1", "p3", "SELECT 1 FROM \"a\"", 1);
            h.sql("m2", "p3", "SELECT 1 FROM \"b\"", 1);
            h.sql("m3", "p3", "SELECT 1 FROM \"c\"", 1);
            h.sql("orphan1", "gone", "SELECT * FROM \"task\" WHERE id = 9", 1);
        }
        FindingsResult r = findings(f, "r1");
        assertThat(r.report().nPlusOne()).containsExactly(
                new FindingsReport.NPlusOne("GET /tasks", "SELECT * FROM \"task\" WHERE id = ?", 3));
        assertThat(r.findings()).filteredOn(x -> x.category() == Finding.Category.N_PLUS_ONE)
                .singleElement().satisfies(x -> assertThat(x.spanIds()).containsExactly("p1"));
    }

    @Test
    void slowEndpointsUseDazzlesP95AndOnlyServerSpans() throws Exception {
        Path f = dir.resolve("r1.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            for (int i = 1; i <= 20; i++) {
                h.span("a" + i, null, "GET /a", "server", "ok", i, "{}");
            }
            for (int i = 0; i < 5; i++) {
                h.span("b" + i, null, "GET /b", "server", "ok", 100, "{}");
            }
            h.span("c", null, "GET /c", "internal", "ok", 1000, "{}");
        }
        FindingsResult r = findings(f, "r1");
        List<FindingsReport.SlowEndpoint> e = r.report().slowEndpoints();
        assertThat(e).extracting(FindingsReport.SlowEndpoint::route).containsExactly("GET /b", "GET /a");
        assertThat(e.get(0).calls()).isEqualTo(5);
        assertThat(e.get(0).totalMs()).isCloseTo(500.0, within(1e-9));
        assertThat(e.get(0).p95Ms()).isCloseTo(100.0, within(1e-9));
        assertThat(e.get(1).calls()).isEqualTo(20);
        assertThat(e.get(1).totalMs()).isCloseTo(210.0, within(1e-9));
        assertThat(e.get(1).p95Ms()).as("n=20: the 2nd largest").isCloseTo(19.0, within(1e-9));
        assertThat(r.findings()).filteredOn(x -> x.title().equals("GET /a")).singleElement()
                .satisfies(x -> assertThat(x.spanIds()).hasSize(20).startsWith("a20", "a19"));
    }

    @Test
    void slowEndpointsAreCappedAtTen() throws Exception {
        Path f = dir.resolve("r1.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            for (int i = 0; i < 12; i++) {
                h.span("s" + i, null, "GET /r" + i, "server", "ok", 1 + i, "{}");
            }
        }
        assertThat(findings(f, "r1").report().slowEndpoints()).hasSize(10)
                .first().satisfies(x -> assertThat(x.route()).isEqualTo("GET /r11"));
    }

    @Test
    void renderFanoutCountsDescendantsThroughFragmentEmit() throws Exception {
        Path f = dir.resolve("r1.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            h.span("s", null, "GET /dashboard", "server", "ok", 50, "{}");
            h.span("fe", "s", "fragment.emit", "internal", "ok", 40, "{}");
            for (int i = 0; i < 18; i++) {
                h.span("rr" + i, "fe", "region.render", "internal", "ok", 2, "{\"region_kind\": \"DashboardGrid\"}");
            }
            h.span("lonely", null, "region.render", "internal", "ok", 2, "{}");
        }
        FindingsResult r = findings(f, "r1");
        assertThat(r.report().renderFanout()).singleElement().satisfies(x -> {
            assertThat(x.route()).isEqualTo("GET /dashboard");
            assertThat(x.regionRenders()).isEqualTo(18);
            assertThat(x.totalMs()).isCloseTo(36.0, within(1e-9));
        });
    }

    @Test
    void exceptionsFallBackAndCountEachSpanOncePerMessage() throws Exception {
        Path f = dir.resolve("r1.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            h.span("e1", null, "UPDATE", "client", "error", 1, "{}");
            h.event("e1", "exception", "{\"exception.type\": \"RuntimeError\", \"exception.message\": \"boom\"}");
            h.event("e1", "exception", "{\"exception.type\": \"RuntimeError\", \"exception.message\": \"boom\"}");
            h.span("e2", null, "UPDATE", "client", "error", 1, "{\"error.message\": \"fallback\"}");
            h.event("e2", "exception", "{\"exception.type\": \"RuntimeError\"}");
            h.span("e3", null, "GET /x", "server", "error", 1, "{}");
            h.span("e4", null, "UPDATE", "client", "error", 1, "{}");
            h.event("e4", "exception", "{\"exception.message\": \"boom\"}");
            h.span("ok", null, "UPDATE", "client", "ok", 1, "{\"error.message\": \"ignored\"}");
        }
        FindingsResult r = findings(f, "r1");
        assertThat(r.report().exceptions()).containsExactly(
                new FindingsReport.ExceptionFinding("UPDATE", "boom", 2),
                new FindingsReport.ExceptionFinding("UPDATE", "fallback", 1),
                new FindingsReport.ExceptionFinding("GET /x", "<no message>", 1));
        assertThat(r.findings()).filteredOn(x -> x.category() == Finding.Category.EXCEPTION).first()
                .satisfies(x -> assertThat(x.spanIds()).containsExactly("e1", "e4"));
    }

    @Test
    void nestedPhasesAreNotDoubleCounted() throws Exception {
        Path f = dir.resolve("r1.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            h.span("a", null, "predicate.compile", "internal", "ok", 10, "{}");
            h.span("b", "a", "predicate.compile", "internal", "ok", 6, "{}");
            h.span("c", "b", "predicate.compile", "internal", "ok", 2, "{}");
            h.span("x", null, "my.phase", "internal", "ok", 99, "{}");
            h.span("y", null, "fragment.emit", "server", "ok", 99, "{}");
        }
        FindingsResult r = findings(f, "r1");
        assertThat(r.report().slowPhases()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("predicate.compile");
            assertThat(p.calls()).isEqualTo(3);
            assertThat(p.totalMs()).isCloseTo(10.0, within(1e-9));
            assertThat(p.maxMs()).isCloseTo(10.0, within(1e-9));
        });
    }

    @Test
    void bootCostAndTheEmptyRun() throws Exception {
        Path f = dir.resolve("r1.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            h.span("d1", null, "dsl.parse", "internal", "ok", 5, "{}");
            h.span("d2", null, "dsl.parse", "internal", "ok", 7, "{}");
            h.span("rg", null, "route.gen", "internal", "ok", 3, "{}");
        }
        FindingsReport.BootCost b = findings(f, "r1").report().bootCost();
        assertThat(b.parseDslMs()).isCloseTo(12.0, within(1e-9));
        assertThat(b.routeGenMs()).isCloseTo(3.0, within(1e-9));
        assertThat(b.totalMs()).isCloseTo(15.0, within(1e-9));

        Path empty = dir.resolve("e.db");
        HandMade.create(empty, "e").close();
        FindingsReport r = findings(empty, "e").report();
        assertThat(r.bootCost()).isNull();
        String json = PerfCli.prettyJson(r);
        assertThat(json).startsWith("{\n  \"run_id\": \"e\",\n  \"app_name\": null,\n  \"started_at\": \"2026-05-19T12:00:00Z\",")
                .contains("\"slow_endpoints\": [],\n  \"slow_queries\": [],\n  \"n_plus_one\": [],\n  \"slow_phases\": [],\n"
                        + "  \"render_fanout\": [],\n  \"boot_cost\": null,\n  \"exceptions\": []\n}");
        assertThat(MarkdownReport.render(r)).isEqualTo("# Perf report — e\nStarted: 2026-05-19T12:00:00Z — Ended: 2026-05-19T12:05:00+00:00\n");
    }

    @Test
    void slowQueriesNormaliseAndReadTheStableAttributeToo() throws Exception {
        Path f = dir.resolve("r1.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            h.sql("q1", null, "SELECT * FROM \"Order Items\" WHERE name = 'O''Brien' AND qty > 10", 4);
            h.sql("q2", null, "SELECT  *  FROM \"Order Items\"\n WHERE name = 'x' AND qty > 2.5", 6);
            h.span("q3", null, "SELECT", "client", "ok", 1, "{\"db.query.text\": \"SELECT 1\", \"v\": NaN}");
            h.span("q4", null, "SELECT", "client", "ok", 50, "{\"db.statement\": 42}");
            h.span("q5", null, "SELECT", "client", "ok", 50, "{\"db.statement\": \"SELECT broken");
            h.span("q6", null, "SELECT", "internal", "ok", 50, "{\"db.statement\": \"SELECT 2\"}");
        }
        FindingsResult r = findings(f, "r1");
        assertThat(r.report().slowQueries()).containsExactly(
                new FindingsReport.SlowQuery("SELECT * FROM \"Order Items\" WHERE name = ? AND qty > ?", 2, 10.0),
                new FindingsReport.SlowQuery("SELECT ?", 1, 1.0));
        assertThat(r.findings().get(0).spanIds()).containsExactly("q2", "q1");
    }

    @Test
    void generatedRunGivesTheCountsItWasBuiltWith() throws Exception {
        Path f = dir.resolve("gen.db");
        TraceGenerator.Summary s = TraceGenerator.generate(f, GeneratorOptions.defaults(4_000).withRunId("gen").withOrphans(0).withErrorRate(0.3));
        FindingsReport r = findings(f, "gen").report();
        Map<String, Integer> calls = r.slowEndpoints().stream()
                .collect(Collectors.toMap(FindingsReport.SlowEndpoint::route, FindingsReport.SlowEndpoint::calls));
        assertThat(calls).isEqualTo(s.requestsByRoute());
        assertThat(s.errorRequests()).isPositive();
        assertThat(r.exceptions()).contains(
                new FindingsReport.ExceptionFinding("UPDATE", TraceGenerator.FAILURE_MESSAGE, s.errorRequests()),
                new FindingsReport.ExceptionFinding("POST /invoices/{id:uuid}/approve", TraceGenerator.FAILURE_MESSAGE, s.errorRequests()),
                new FindingsReport.ExceptionFinding("POST /invoices/{id:uuid}/approve http send", "<no message>", s.errorRequests()));
        assertThat(r.slowQueries().get(0).statement()).startsWith("SELECT customer_id, sum(amount)").contains("due_date < ?");
        assertThat(r.slowQueries().get(0).calls()).isEqualTo(s.requestsByRoute().get("GET /reports/aging"));
        assertThat(r.nPlusOne()).singleElement().satisfies(n -> {
            assertThat(n.parentSpan()).isEqualTo("GET /invoices");
            assertThat(n.childStatement()).isEqualTo(TraceGenerator.N_PLUS_ONE_SQL);
            assertThat(n.repetitions()).isBetween(5, 20);
        });
        assertThat(r.renderFanout()).singleElement().satisfies(x -> assertThat(x.route()).isEqualTo("GET /app/{workspace}"));
    }
}
