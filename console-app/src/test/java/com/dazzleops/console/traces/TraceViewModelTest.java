package com.dazzleops.console.traces;

import com.dazzleops.perf.findings.Finding;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import com.dazzleops.perf.read.SpanRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The view model on the calling thread: every background task and UI callback runs inline. */
class TraceViewModelTest {

    static final Executor SAME_THREAD = Runnable::run;

    @TempDir
    static Path dir;
    static Path file;
    static TraceGenerator.Summary summary;

    @BeforeAll
    static void generate() throws Exception {
        file = dir.resolve("20261125-040000-5eed0001.db");
        summary = TraceGenerator.generate(file, GeneratorOptions.defaults(6_000).withCycles(true).withOrphans(4)
                .withBadAttributes(1).withFanout(400).withDeepChain(30).withExtraRuns(1));
    }

    private TraceViewModel vm(Path config) {
        return new TraceViewModel(SAME_THREAD, SAME_THREAD, new RecentFiles(config));
    }

    @Test
    void opensTheFileWithRunsRootsOrphansCyclesAndFindings() {
        TraceViewModel vm = vm(dir.resolve("cfg1"));
        vm.open(file);
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.runs()).hasSize(2);
        assertThat(vm.runProperty().get().runId()).isEqualTo(GeneratorOptions.DEFAULT_RUN_ID);
        assertThat(vm.statusProperty().get()).contains("6,000 spans");
        List<SpanNode> top = vm.topLevel();
        assertThat(top.get(0).label()).isEqualTo("dsl.parse");
        SpanNode orphans = top.stream().filter(n -> n.kind() == SpanNode.Kind.ORPHAN_GROUP).findFirst().orElseThrow();
        assertThat(orphans.label()).startsWith("orphaned: ").contains("(4 missing parents)");
        assertThat(orphans.children()).as("siblings of a missing parent are grouped")
                .anySatisfy(g -> {
                    assertThat(g.kind()).isEqualTo(SpanNode.Kind.ORPHAN_GROUP);
                    assertThat(g.label()).contains("is not in the run");
                    assertThat(g.children()).hasSizeGreaterThan(1);
                })
                .anySatisfy(single -> assertThat(single.kind()).isEqualTo(SpanNode.Kind.SPAN));
        // a span inside a sibling group can be revealed
        SpanNode siblings = orphans.children().stream().filter(g -> g.kind() == SpanNode.Kind.ORPHAN_GROUP).findFirst().orElseThrow();
        vm.reveal(siblings.children().get(1).spanId());
        assertThat(vm.revealProperty().get()).containsExactly(orphans, siblings, siblings.children().get(1));
        SpanNode cycles = top.stream().filter(n -> n.kind() == SpanNode.Kind.CYCLE_GROUP).findFirst().orElseThrow();
        assertThat(cycles.children()).extracting(SpanNode::spanId).containsExactlyInAnyOrderElementsOf(summary.cycleSpanIds());
        assertThat(vm.integrityNoteProperty().get()).contains("orphaned").contains("3 in a parent-id cycle");
        assertThat(vm.findings()).extracting(Finding::category).contains(Finding.Category.SLOW_QUERY,
                Finding.Category.N_PLUS_ONE, Finding.Category.EXCEPTION, Finding.Category.BOOT_COST);
        assertThat(vm.recent()).containsExactly(file.toAbsolutePath().normalize());
    }

    @Test
    void childrenLoadOnDemandAndCyclesEndInALeaf() {
        TraceViewModel vm = vm(dir.resolve("cfg2"));
        vm.open(file);
        SpanNode fanout = vm.topLevel().stream().filter(n -> summary.fanoutParentId().equals(n.spanId())).findFirst().orElseThrow();
        assertThat(fanout.isLoaded()).isFalse();
        assertThat(fanout.expandable()).isTrue();
        vm.loadChildren(fanout);
        assertThat(fanout.children()).hasSize(400);
        assertThat(fanout.children().get(0).windowStartNs()).isEqualTo(fanout.row().span().startedNs());
        vm.loadChildren(fanout);
        assertThat(fanout.children()).hasSize(400);

        SpanNode self = vm.topLevel().stream().filter(n -> n.kind() == SpanNode.Kind.CYCLE_GROUP).findFirst().orElseThrow()
                .children().stream().filter(n -> n.label().equals("self.parent")).findFirst().orElseThrow();
        vm.loadChildren(self);
        assertThat(self.children()).singleElement().satisfies(c -> {
            assertThat(c.cycleRef()).isTrue();
            assertThat(c.expandable()).isFalse();
        });
    }

    @Test
    void searchThenRevealExpandsThePathAndShowsDetails() {
        TraceViewModel vm = vm(dir.resolve("cfg3"));
        vm.open(file);
        vm.searchKeyProperty().set("db.statement");
        vm.searchValueProperty().set("due_date");
        vm.searchMinMsProperty().set("100");
        vm.search();
        assertThat(vm.searchResults()).isNotEmpty();
        SpanRow slowest = vm.searchResults().get(0);
        vm.reveal(slowest.spanId());
        List<SpanNode> chain = vm.revealProperty().get();
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).label()).isEqualTo("GET /reports/aging");
        assertThat(chain.get(0).isLoaded()).isTrue();
        SpanNode target = chain.get(1);
        assertThat(target.spanId()).isEqualTo(slowest.spanId());
        vm.select(target);
        SpanDetails d = vm.detailsProperty().get();
        assertThat(d.attributes().string("db.statement")).hasValue(TraceGenerator.SLOW_REPORT_SQL);
        assertThat(d.formattedSql()).contains("\nFROM \"invoice\"").contains("\nWHERE due_date < '2026-01-01'");
        assertThat(d.offsetNs()).isPositive();
    }

    @Test
    void badMinimumDurationIsAMessage() {
        TraceViewModel vm = vm(dir.resolve("cfg4"));
        vm.open(file);
        vm.searchMinMsProperty().set("fast");
        vm.search();
        assertThat(vm.searchStatusProperty().get()).contains("not 'fast'");
        vm.searchMinMsProperty().set("");
        vm.search();
        assertThat(vm.searchStatusProperty().get()).startsWith("Give a name");
    }

    @Test
    void findingsRevealTheirSpansAndCriticalPathFollowsTheLastChild() {
        TraceViewModel vm = vm(dir.resolve("cfg5"));
        vm.open(file);
        Finding nPlusOne = vm.findings().stream().filter(f -> f.category() == Finding.Category.N_PLUS_ONE).findFirst().orElseThrow();
        vm.showFinding(nPlusOne, 0);
        assertThat(vm.highlighted()).containsAll(nPlusOne.spanIds());
        assertThat(vm.revealProperty().get()).last().satisfies(n -> assertThat(n.spanId()).isEqualTo(nPlusOne.spanIds().get(0)));

        SpanNode deep = vm.topLevel().stream().filter(n -> summary.deepChainRootId().equals(n.spanId())).findFirst().orElseThrow();
        vm.criticalPath(deep);
        assertThat(vm.criticalPath()).hasSize(31).contains(deep.spanId());
        assertThat(vm.revealProperty().get()).containsExactly(deep);
        SpanNode cur = deep;
        for (int i = 0; i < 30; i++) {
            assertThat(cur.isLoaded()).as("level %d is expanded", i).isTrue();
            cur = cur.children().get(0);
        }

        // a dashboard request runs its children one after another: all of them are on the path, and inside
        // fragment.emit every region.render; overlapping work would not be
        SpanNode dash = vm.topLevel().stream().filter(n -> n.label().equals("GET /app/{workspace}")).findFirst().orElseThrow();
        vm.criticalPath(dash);
        assertThat(dash.isLoaded()).isTrue();
        assertThat(vm.criticalPath()).containsAll(dash.children().stream().map(SpanNode::spanId).toList());
        SpanNode emit = dash.children().stream().filter(n -> n.label().equals("fragment.emit")).findFirst().orElseThrow();
        assertThat(emit.isLoaded()).isTrue();
        assertThat(vm.criticalPath()).containsAll(emit.children().stream().map(SpanNode::spanId).toList());
        SpanNode pc = dash.children().stream().filter(n -> n.label().equals("predicate.compile")).findFirst().orElseThrow();
        assertThat(pc.children()).as("nested compile sits inside its parent's time: on the path too").isNotEmpty();
    }

    @Test
    void anErrorSpanShowsItsExceptionEvent() {
        TraceViewModel vm = vm(dir.resolve("cfg6"));
        vm.open(file);
        vm.searchNameProperty().set("UPDATE");
        vm.searchErrorsOnlyProperty().set(true);
        vm.search();
        vm.reveal(vm.searchResults().get(0).spanId());
        vm.select(vm.revealProperty().get().get(1));
        SpanDetails d = vm.detailsProperty().get();
        assertThat(d.span().isError()).isTrue();
        assertThat(d.events()).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("exception"));
        assertThat(d.asText()).contains("span_id: " + d.span().spanId()).contains(TraceGenerator.FAILURE_MESSAGE);
    }

    @Test
    void badFilesGiveOneClearMessageEach() throws Exception {
        TraceViewModel vm = vm(dir.resolve("cfg7"));
        Path junk = Files.writeString(dir.resolve("junk.db"), "not sqlite at all");
        vm.open(junk);
        assertThat(vm.errorProperty().get()).contains("junk.db is not a SQLite database");
        assertThat(vm.topLevel()).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();

        Path empty = dir.resolve("r1.db");
        com.dazzleops.perf.HandMade.create(empty, "r1").close();
        vm.open(empty);
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.statusProperty().get()).isEqualTo("Run r1 has no spans (ended 2026-05-19T12:05:00+00:00).");
        assertThat(vm.findingsStatusProperty().get()).isEqualTo("No findings.");

        vm.open(file);
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.topLevel()).isNotEmpty();
    }

    @Test
    void comparesTwoRunsOfOneFile() {
        TraceViewModel vm = vm(dir.resolve("cfg8"));
        vm.open(file);
        vm.compareWith(null, null);
        assertThat(vm.comparisonTitleProperty().get()).contains("B: " + summary.extraRunIds().get(0));
        assertThat(vm.comparison()).anySatisfy(r -> assertThat(r.name()).isEqualTo("GET /app/{workspace}"));
    }

    @Test
    void aLargeFirstLevelIsPagedAndARevealedRootIsShownAnyway() {
        TraceViewModel vm = new TraceViewModel(SAME_THREAD, SAME_THREAD, new RecentFiles(dir.resolve("cfg10")), 50);
        vm.open(file);
        long spans = vm.topLevel().stream().filter(n -> n.kind() == SpanNode.Kind.SPAN).count();
        assertThat(spans).isEqualTo(50);
        SpanNode more = vm.topLevel().stream().filter(n -> n.kind() == SpanNode.Kind.MORE).findFirst().orElseThrow();
        assertThat(more.label()).contains("more top-level spans");
        assertThat(more.hint()).isEqualTo("expand to load 50 more");
        int before = vm.topLevel().indexOf(more);
        vm.loadChildren(more);
        assertThat(vm.topLevel()).doesNotContain(more);
        assertThat(vm.topLevel().stream().filter(n -> n.kind() == SpanNode.Kind.SPAN).count()).isEqualTo(100);
        SpanNode fifty = vm.topLevel().get(before);
        assertThat(fifty.row().span().startedNs()).isGreaterThanOrEqualTo(vm.topLevel().get(before - 1).row().span().startedNs());
        // the slowest aging report is probably on a later page: revealing it pins its root
        vm.searchNameProperty().set("GET /reports/aging");
        vm.search();
        List<SpanRow> requests = vm.searchResults().stream().filter(r -> r.span().name().equals("GET /reports/aging")).toList();
        String last = requests.get(requests.size() - 1).spanId();
        vm.reveal(last);
        assertThat(vm.revealProperty().get()).singleElement().satisfies(n -> assertThat(n.spanId()).isEqualTo(last));
    }

    @Test
    void aWideNodeShowsAPageOfFullyCountedChildrenAndAMoreRowThatLoadsTheNextPages() {
        java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
        // background work waits in a queue, so the test sees each step
        TraceViewModel vm = new TraceViewModel(queued::add, SAME_THREAD, new RecentFiles(dir.resolve("cfg11")), 2_000, 150);
        vm.open(file);
        while (vm.topLevel().isEmpty() && !queued.isEmpty()) {
            queued.poll().run();
        }
        SpanNode fanout = vm.topLevel().stream().filter(n -> summary.fanoutParentId().equals(n.spanId())).findFirst().orElseThrow();
        queued.clear(); // the background passes (counts, orphans, findings) are not what this test is about
        vm.loadChildren(fanout);
        drain(queued, 1);
        assertThat(fanout.isLoaded()).isTrue();
        assertThat(fanout.children()).hasSize(151);
        assertThat(fanout.hasMore()).isTrue();
        SpanNode more = fanout.children().get(150);
        assertThat(more.kind()).isEqualTo(SpanNode.Kind.MORE);
        assertThat(more.label()).isEqualTo("… 250 more children");
        assertThat(more.hint()).isEqualTo("expand to load 150 more");
        assertThat(more.expandable()).isTrue();
        // every row of the page is complete at once: the fan-out's children are SELECTs without children, so no
        // expand arrow and self time = duration
        List<SpanNode> firstPage = List.copyOf(fanout.children().subList(0, 150));
        assertThat(firstPage).allSatisfy(c -> {
            assertThat(c.row().statsKnown()).isTrue();
            assertThat(c.expandable()).isFalse();
            assertThat(c.row().selfNs()).isEqualTo(c.row().span().durationNs());
            assertThat(c.windowStartNs()).isEqualTo(fanout.windowStartNs());
        });
        vm.loadChildren(more);
        drain(queued, 1);
        assertThat(fanout.children()).hasSize(301);
        assertThat(fanout.children().subList(0, 150)).containsExactlyElementsOf(firstPage); // the same nodes, kept
        assertThat(fanout.children().get(300).label()).isEqualTo("… 100 more children");
        assertThat(fanout.children().get(300).hint()).isEqualTo("expand to load 100 more");
        vm.loadChildren(fanout.children().get(300));
        drain(queued, 1);
        assertThat(fanout.children()).hasSize(400);
        assertThat(fanout.hasMore()).isFalse();
        List<Long> starts = fanout.children().stream().map(c -> c.row().span().startedNs()).toList();
        assertThat(starts).isSorted();
        assertThat(fanout.children().stream().map(SpanNode::spanId).distinct().count()).isEqualTo(400);
        // a counted row selected: its details
        vm.select(fanout.children().get(0));
        drain(queued, 1);
        assertThat(vm.detailsProperty().get().childCount()).isZero();
    }

    @Test
    void revealingAChildOfAWideNodeShowsItsPagesUpToTheChild() {
        TraceViewModel vm = new TraceViewModel(SAME_THREAD, SAME_THREAD, new RecentFiles(dir.resolve("cfg13")), 2_000, 150);
        vm.open(file);
        SpanNode fanout = vm.topLevel().stream().filter(n -> summary.fanoutParentId().equals(n.spanId())).findFirst().orElseThrow();
        List<SpanRow> all;
        try (com.dazzleops.perf.read.TraceFile tf = com.dazzleops.perf.read.TraceFile.open(file)) {
            all = tf.children(vm.runProperty().get().runId(), fanout.spanId());
        } catch (com.dazzleops.perf.read.TraceFileException e) {
            throw new AssertionError(e);
        }
        vm.reveal(all.get(200).spanId());
        assertThat(vm.revealProperty().get()).extracting(SpanNode::spanId).containsExactly(fanout.spanId(), all.get(200).spanId());
        // pages 1 and 2 (300 children) and a "more" row, not all 400
        assertThat(fanout.children()).hasSize(301);
        assertThat(fanout.children().subList(0, 300)).extracting(SpanNode::row).containsExactlyElementsOf(all.subList(0, 300));
        assertThat(fanout.children().get(300).label()).isEqualTo("… 100 more children");
        assertThat(fanout.children().get(300).hint()).isEqualTo("expand to load 100 more");
        vm.loadChildren(fanout.children().get(300));
        assertThat(fanout.children()).extracting(SpanNode::row).containsExactlyElementsOf(all);
    }

    @Test
    void revealingAChildOnAPageNotLoadedYetLoadsTheRestOfThatNode() {
        TraceViewModel vm = new TraceViewModel(SAME_THREAD, SAME_THREAD, new RecentFiles(dir.resolve("cfg12")), 2_000, 150);
        vm.open(file);
        SpanNode fanout = vm.topLevel().stream().filter(n -> summary.fanoutParentId().equals(n.spanId())).findFirst().orElseThrow();
        vm.loadChildren(fanout);
        SpanNode firstChild = fanout.children().get(0);
        assertThat(fanout.children()).hasSize(151);
        String last;
        try (com.dazzleops.perf.read.TraceFile tf = com.dazzleops.perf.read.TraceFile.open(file)) {
            List<SpanRow> all = tf.children(vm.runProperty().get().runId(), fanout.spanId());
            last = all.get(all.size() - 1).spanId();
        } catch (com.dazzleops.perf.read.TraceFileException e) {
            throw new AssertionError(e);
        }
        vm.reveal(last);
        assertThat(vm.revealProperty().get()).extracting(SpanNode::spanId).containsExactly(fanout.spanId(), last);
        assertThat(fanout.children()).hasSize(400);
        assertThat(fanout.hasMore()).isFalse();
        assertThat(fanout.children().get(0)).isSameAs(firstChild);
    }

    private static void drain(java.util.ArrayDeque<Runnable> queued, int tasks) {
        for (int i = 0; i < tasks && !queued.isEmpty(); i++) {
            queued.poll().run();
        }
    }

    @Test
    void recentFilesPersistNewestFirst() throws Exception {
        Path cfg = dir.resolve("cfg9");
        RecentFiles recent = new RecentFiles(cfg);
        recent.add(dir.resolve("a.db"));
        recent.add(dir.resolve("b.db"));
        recent.add(dir.resolve("a.db"));
        assertThat(new RecentFiles(cfg).load()).containsExactly(dir.resolve("a.db").toAbsolutePath(), dir.resolve("b.db").toAbsolutePath());
        Files.writeString(recent.store(), "\0\0garbage\n/tmp/x.db\n");
        assertThat(new RecentFiles(cfg).load()).containsExactly(Path.of("/tmp/x.db"));
    }
}
