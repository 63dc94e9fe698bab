package com.dazzleops.perf.read;

import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the viewer reads before and right after the first level: cheap listing, paging, wide nodes. */
class LazyReadTest {

    @TempDir
    static Path dir;
    static Path file;
    static TraceGenerator.Summary summary;
    static final String RUN = "20261125-040000-bbbb0001";

    @BeforeAll
    static void generate() throws Exception {
        file = dir.resolve(RUN + ".db");
        summary = TraceGenerator.generate(file, GeneratorOptions.defaults(4_000).withRunId(RUN).withOrphans(3)
                .withCycles(true).withFanout(1_200).withExtraRuns(1));
    }

    @Test
    void listingNamesEveryRunWithoutCountingAndPicksTheRunNamedLikeTheFile() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            TraceFile.Listing listing = tf.listing();
            assertThat(listing.first().runId()).isEqualTo(RUN);
            assertThat(listing.runs()).extracting(RunSummary::runId).containsExactlyInAnyOrderElementsOf(
                    tf.runs().stream().map(RunSummary::runId).toList());
            assertThat(listing.runs()).allMatch(r -> r.spanCount() == -1);
            assertThat(tf.spanRunIds()).containsExactlyInAnyOrder(RUN, RUN + "-r2");
        }
    }

    @Test
    void listingFindsRunsOnlySpansCarryAndFallsBackToTheNewestRunWithSpans() throws Exception {
        Path copy = dir.resolve("renamed.db");
        Files.copy(file, copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement()) {
            st.execute("DELETE FROM runs WHERE run_id = '" + RUN + "-r2'");
        }
        try (TraceFile tf = TraceFile.open(copy)) {
            TraceFile.Listing listing = tf.listing();
            assertThat(listing.first()).isNotNull();
            assertThat(listing.first().runId()).isEqualTo(tf.defaultRun().orElseThrow().runId());
            assertThat(listing.runs()).anySatisfy(r -> {
                assertThat(r.runId()).isEqualTo(RUN + "-r2");
                assertThat(r.hasRunsRow()).isFalse();
            });
        }
    }

    @Test
    void runIdsWithoutTheRunIdIndexStillList() throws Exception {
        Path copy = dir.resolve("noindex.db");
        Files.copy(file, copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement()) {
            st.execute("DROP INDEX idx_spans_run_id");
        }
        try (TraceFile tf = TraceFile.open(copy)) {
            assertThat(tf.spanRunIds()).containsExactly(RUN, RUN + "-r2");
        }
    }

    @Test
    void pagesOfRootsConcatenateToAllRootsInStartOrder() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            List<String> all = tf.roots(RUN).stream().map(SpanRow::spanId).toList();
            assertThat(tf.rootCount(RUN)).isEqualTo(all.size());
            List<SpanRow> paged = new ArrayList<>();
            SpanRow after = null;
            for (int guard = 0; guard < 1_000; guard++) {
                List<SpanRow> page = tf.roots(RUN, after, 37);
                if (page.isEmpty()) {
                    break;
                }
                paged.addAll(page);
                after = page.get(page.size() - 1);
            }
            assertThat(paged).extracting(SpanRow::spanId).containsExactlyElementsOf(all);
            // page rows carry the same counts as the full listing
            assertThat(paged).extracting(SpanRow::childCount)
                    .containsExactlyElementsOf(tf.roots(RUN).stream().map(SpanRow::childCount).toList());
        }
    }

    @Test
    void aGrowingFileIsReReadForTheNextPage() throws Exception {
        Path live = dir.resolve("growing.db");
        TraceGenerator.generate(live, GeneratorOptions.defaults(300).withRunId("growing").withFinished(false));
        try (TraceFile tf = TraceFile.open(live)) {
            long before = tf.rootCount("growing");
            try (Connection w = DriverManager.getConnection("jdbc:sqlite:" + live); Statement st = w.createStatement()) {
                st.execute("INSERT INTO spans VALUES ('early', 't', NULL, 'growing', 'GET /early', 'server', 'ok', 1, 2, 1, '{}')");
            }
            assertThat(tf.rootCount("growing")).isEqualTo(before + 1);
            assertThat(tf.roots("growing", null, 1)).extracting(SpanRow::spanId).containsExactly("early");
        }
    }

    @Test
    void aWideNodeReadPageByPageGivesItsChildrenInOrderWithTheirCountsExactlyOnce() throws Exception {
        try (TraceFile tf = TraceFile.open(file)) {
            List<SpanRow> joined = tf.children(RUN, summary.fanoutParentId());
            assertThat(joined).hasSize(1_200);
            List<SpanRow> paged = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            SpanRow after = null;
            while (true) {
                List<SpanRow> page = tf.childPage(RUN, summary.fanoutParentId(), after, 500);
                if (page.isEmpty()) {
                    break;
                }
                sizes.add(page.size());
                paged.addAll(page);
                after = page.get(page.size() - 1);
            }
            assertThat(sizes).containsExactly(500, 500, 200);
            for (int i : new int[] {0, 1, 499, 500, 777, 1_199}) {
                assertThat(tf.childPosition(RUN, summary.fanoutParentId(), joined.get(i))).isEqualTo(i);
            }
            assertThat(paged).containsExactlyElementsOf(joined);
            assertThat(paged).allMatch(SpanRow::statsKnown);
            // a request: some children have children of their own; one page holds them all with the same counts
            SpanRow request = tf.roots(RUN).stream().filter(r -> r.span().kind().equals("server") && r.childCount() > 3)
                    .filter(r -> tf_children(tf, r).stream().anyMatch(SpanRow::hasChildren)).findFirst().orElseThrow();
            List<SpanRow> all = tf.children(RUN, request.spanId());
            assertThat(tf.childPage(RUN, request.spanId(), null, 10_000)).containsExactlyElementsOf(all);
            for (SpanRow c : all) {
                assertThat(tf.stats(RUN, c.spanId())).isEqualTo(new SpanRow.Stats(c.childCount(), c.childrenNs()));
            }
            assertThat(tf.childPage(RUN, all.get(0).spanId(), null, 5)).isEqualTo(tf.children(RUN, all.get(0).spanId())
                    .stream().limit(5).toList());
            assertThatThrownBy(() -> tf.childPage(RUN, request.spanId(), null, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void childrenStartingAtTheSameNanosecondArePagedByRowidWithoutLosingOrRepeatingOne() throws Exception {
        Path same = dir.resolve("same-start.db");
        TraceGenerator.generate(same, GeneratorOptions.defaults(50).withRunId("same"));
        try (Connection w = DriverManager.getConnection("jdbc:sqlite:" + same); Statement st = w.createStatement()) {
            st.execute("INSERT INTO spans VALUES ('p', 't', NULL, 'same', 'GET /p', 'server', 'ok', 10, 20, 10, '{}')");
            for (int i = 0; i < 7; i++) {
                st.execute("INSERT INTO spans VALUES ('c" + i + "', 't', 'p', 'same', 'SELECT', 'internal', 'ok', "
                        + (i < 5 ? 11 : 12) + ", 15, 4, '{}')");
            }
        }
        try (TraceFile tf = TraceFile.open(same)) {
            List<String> ids = new ArrayList<>();
            SpanRow after = null;
            for (List<SpanRow> page = tf.childPage("same", "p", null, 2); !page.isEmpty();
                 page = tf.childPage("same", "p", after, 2)) {
                page.forEach(r -> ids.add(r.spanId()));
                after = page.get(page.size() - 1);
            }
            assertThat(ids).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6");
            List<SpanRow> kids = tf.children("same", "p");
            for (int i = 0; i < kids.size(); i++) {
                assertThat(tf.childPosition("same", "p", kids.get(i))).isEqualTo(i);
            }
        }
    }

    private static List<SpanRow> tf_children(TraceFile tf, SpanRow r) {
        try {
            return tf.children(RUN, r.spanId());
        } catch (TraceFileException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theConnectionCannotWrite() throws Exception {
        long size = Files.size(file);
        try (TraceFile tf = TraceFile.open(file)) {
            assertThatThrownBy(() -> tf.connection().createStatement().execute("CREATE TEMP TABLE x(a)"))
                    .isInstanceOf(java.sql.SQLException.class);
        }
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void aFullPassPausesWhileTheForegroundIsBusyAndNeverForLongerThanTheCap() throws Exception {
        String heavy = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT count(*) FROM n";
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (TraceFile tf = TraceFile.open(file)) {
            tf.yieldTo(busy::get, 60_000);
            java.util.concurrent.CompletableFuture<Long> pass = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (var st = tf.connection().createStatement(); var rs = st.executeQuery(heavy)) {
                    rs.next();
                    return rs.getLong(1);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(400);
            assertThat(pass).as("paused while the foreground is busy").isNotDone();
            busy.set(false);
            assertThat(pass.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(300_000L);

            busy.set(true);
            tf.yieldTo(busy::get, 1);
            try (var st = tf.connection().createStatement(); var rs = st.executeQuery(heavy)) {
                rs.next();
                assertThat(rs.getLong(1)).as("a pause is capped, the pass finishes").isEqualTo(300_000L);
            }
        }
    }

    @Test
    void parsesRowidLists() {
        assertThat(TraceFile.parseLongs(null)).isEmpty();
        assertThat(TraceFile.parseLongs("")).isEmpty();
        assertThat(TraceFile.parseLongs("7")).containsExactly(7);
        assertThat(TraceFile.parseLongs("1,22,-3,9000000000")).containsExactly(1, 22, -3, 9_000_000_000L);
    }
}
