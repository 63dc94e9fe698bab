package com.dazzleops.perf.read;

import com.dazzleops.model.perf.PerfSpan;
import com.dazzleops.model.perf.PerfSpanEvent;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TraceFileTest {

    @TempDir
    static Path dir;
    static Path file;
    static TraceGenerator.Summary summary;
    static final String RUN = "20261125-040000-aaaa0001";

    @BeforeAll
    static void generate() throws Exception {
        file = dir.resolve(RUN + ".db");
        summary = TraceGenerator.generate(file, GeneratorOptions.defaults(5_000).withRunId(RUN).withFinished(false)
                .withOrphans(4).withCycles(true).withBadAttributes(2).withFanout(1_500).withDeepChain(300).withExtraRuns(1));
    }

    @Test
    void listsRunsWithCountsAndUnfinishedState() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            List<RunSummary> runs = tf.runs();
            assertThat(runs).hasSize(2);
            RunSummary main = tf.defaultRun().orElseThrow();
            assertThat(main.runId()).isEqualTo(RUN);
            assertThat(main.spanCount()).isEqualTo(5_000);
            assertThat(main.run().endedAt()).isNull();
            assertThat(main.run().appName()).isEqualTo("invoice_ops");
            RunSummary extra = tf.run(RUN + "-r2").orElseThrow();
            assertThat(extra.run().endedAt()).isNotNull();
            assertThat(extra.spanCount()).isEqualTo(500);
            assertThat(tf.warnings()).isEmpty();
        }
    }

    @Test
    void rootsAreInStartOrderAndChildrenLoadThroughTheParentIndex() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            List<SpanRow> roots = tf.roots(RUN);
            assertThat(roots).isNotEmpty();
            assertThat(roots.get(0).span().name()).isEqualTo("dsl.parse");
            assertThat(roots).allMatch(r -> r.span().parentSpanId() == null);
            for (int i = 1; i < roots.size(); i++) {
                assertThat(roots.get(i).span().startedNs()).isGreaterThanOrEqualTo(roots.get(i - 1).span().startedNs());
            }
            SpanRow fanout = roots.stream().filter(r -> r.spanId().equals(summary.fanoutParentId())).findFirst().orElseThrow();
            assertThat(fanout.childCount()).isEqualTo(1_500);
            List<SpanRow> children = tf.children(RUN, fanout.spanId());
            assertThat(children).hasSize(1_500).allMatch(c -> c.span().name().equals("SELECT"));
            assertThat(children.get(0).span().attributesJson()).as("tree rows never carry attributes").isNull();
            long sum = children.stream().mapToLong(c -> c.span().durationNs()).sum();
            assertThat(fanout.childrenNs()).isEqualTo(sum);
            assertThat(fanout.selfNs()).isEqualTo(Math.max(0, fanout.span().durationNs() - sum));
        }
    }

    @Test
    void orphansAreGroupedByTheirMissingParent() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            List<OrphanGroup> groups = tf.orphans(RUN);
            assertThat(groups).hasSize(summary.orphanRoots());
            Set<String> present = tf.roots(RUN).stream().map(SpanRow::spanId).collect(Collectors.toSet());
            for (OrphanGroup g : groups) {
                assertThat(tf.span(g.missingParentId())).isEmpty();
                assertThat(g.spans()).allMatch(s -> g.missingParentId().equals(s.span().parentSpanId()));
                assertThat(g.spans()).noneMatch(s -> present.contains(s.spanId()));
            }
            // killed mid-request: siblings stay together under one missing parent
            assertThat(groups).anyMatch(g -> g.spans().size() > 1);
        }
    }

    @Test
    void cyclesAreFoundAndNothingLoops() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            Integrity integrity = tf.integrity(RUN);
            assertThat(integrity.total()).isEqualTo(5_000);
            assertThat(integrity.unreachable()).hasSize(4);
            assertThat(integrity.cycleMembers()).containsExactlyInAnyOrderElementsOf(summary.cycleSpanIds());
            String self = summary.cycleSpanIds().get(2);
            assertThat(tf.children(RUN, self)).extracting(SpanRow::spanId).containsExactly(self);
            assertThat(tf.pathTo(RUN, self)).hasSize(1);
            assertThat(tf.pathTo(RUN, summary.cycleSpanIds().get(0))).hasSize(2);
        }
    }

    @Test
    void aCleanRunHasNoUnreachableSpans() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            Integrity integrity = tf.integrity(RUN + "-r2");
            assertThat(integrity.hasCycles()).isFalse();
            assertThat(integrity.reachable()).isEqualTo(500);
        }
    }

    @Test
    void deepChainsHaveAFullPath() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            String cur = summary.deepChainRootId();
            int depth = 0;
            while (true) {
                List<SpanRow> kids = tf.children(RUN, cur);
                if (kids.isEmpty()) {
                    break;
                }
                cur = kids.get(0).spanId();
                depth++;
            }
            assertThat(depth).isEqualTo(300);
            List<SpanRow> path = tf.pathTo(RUN, cur);
            assertThat(path).hasSize(301);
            assertThat(path.get(0).spanId()).isEqualTo(summary.deepChainRootId());
        }
    }

    @Test
    void spanDetailsAttributesAndEvents() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            List<SpanRow> errors = tf.search(RUN, new SpanQuery("UPDATE", null, null, 0, true, 10));
            assertThat(errors).isNotEmpty();
            PerfSpan span = tf.span(errors.get(0).spanId()).orElseThrow();
            Attributes attrs = Attributes.parse(span.attributesJson());
            assertThat(attrs.valid()).isTrue();
            assertThat(attrs.string("db.statement")).hasValueSatisfying(s -> assertThat(s).startsWith("UPDATE \"invoice\""));
            List<PerfSpanEvent> events = tf.events(span.spanId());
            assertThat(events).extracting(PerfSpanEvent::name).containsExactly("exception");
            assertThat(Attributes.parse(events.get(0).attributesJson()).text("exception.message"))
                    .hasValue(TraceGenerator.FAILURE_MESSAGE);
        }
    }

    @Test
    void brokenAttributesAreReportedNotThrown() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            List<SpanRow> hits = tf.search(RUN, new SpanQuery(null, null, "broken", 0, false, 50));
            assertThat(hits).hasSize(summary.badAttributeSpans());
            Attributes a = Attributes.parse(tf.span(hits.get(0).spanId()).orElseThrow().attributesJson());
            assertThat(a.valid()).isFalse();
            assertThat(a.error()).contains("not valid JSON");
        }
        assertThat(Attributes.parse("{\"v\": NaN, \"w\": Infinity}").values().get("v").isNumber()).isTrue();
        assertThat(Attributes.parse("").values()).isEmpty();
        assertThat(Attributes.parse("[1, 2]").error()).contains("not a JSON object");
    }

    @Test
    void searchFiltersByNameAttributeDurationAndErrors() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            List<SpanRow> slow = tf.search(RUN, new SpanQuery(null, "db.statement", "due_date", 100_000_000L, false, 500));
            assertThat(slow).isNotEmpty().allMatch(r -> r.span().durationNs() >= 100_000_000L && r.span().kind().equals("client"));
            for (int i = 1; i < slow.size(); i++) {
                assertThat(slow.get(i).span().durationNs()).isLessThanOrEqualTo(slow.get(i - 1).span().durationNs());
            }
            assertThat(tf.search(RUN, new SpanQuery(null, "db.name", "due_date", 0, false, 500))).isEmpty();
            assertThat(tf.search(RUN, new SpanQuery("region", null, null, 0, false, 3))).hasSize(3)
                    .allMatch(r -> r.span().name().equals("region.render"));
            assertThat(tf.search(RUN, new SpanQuery("100%_", null, null, 0, false, 3))).isEmpty();
            assertThat(tf.search(RUN, new SpanQuery(null, null, null, 0, true, 1000))).allMatch(r -> r.span().isError())
                    .hasSize(summary.errorRequests() * 3);
        }
    }

    @Test
    void aFileInWalModeOpensWhileItsWriterIsConnected() throws Exception {
        Path wal = dir.resolve("live.db");
        TraceGenerator.generate(wal, GeneratorOptions.defaults(300).withRunId("live").withWal(true).withFinished(false));
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + wal)) {
            try (Statement st = writer.createStatement()) {
                st.execute("INSERT INTO spans VALUES ('late', 't', NULL, 'live', 'GET /late', 'server', 'ok', 1, 2, 1, '{}')");
            }
            try (TraceFile tf = TraceFile.open(wal)) {
                assertThat(tf.spanCount("live")).isEqualTo(301);
                assertThat(tf.roots("live")).anyMatch(r -> r.spanId().equals("late"));
            }
        }
    }
}
