package com.dazzleops.model.ops;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.jobs.CrudPage;
import com.dazzleops.model.ops.jobs.JobRun;
import com.dazzleops.model.ops.jobs.JobRunSummary;
import com.dazzleops.model.ops.jobs.JobRunsPage;
import com.dazzleops.model.ops.jobs.JobsStatus;
import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The job explorer, the JobRun entity and its generic CRUD page. */
class JobsRecordsTest {

    static String body(String resource) {
        return Fixtures.body("ops/" + resource).stripTrailing();
    }

    static CrudPage<JobRun> page(String resource) {
        WireResult<CrudPage<JobRun>> r = Wire.decode(200, body(resource), new TypeReference<CrudPage<JobRun>>() { });
        return r.valueIfOk().orElseThrow(() -> new AssertionError(resource + ": " + r));
    }

    @Test
    void crudPageIsTypedByItsItemType() {
        CrudPage<JobRun> p = page("jobruns/example.json");
        JobRun run = p.items().get(0);
        assertThat(run).isInstanceOf(JobRun.class);
        assertThat(run.status()).isEqualTo(JobRun.DEAD_LETTER);
        assertThat(run.attemptNumber()).isEqualTo(4);
        assertThat(run.durationMs()).isEqualTo(30060L);
        assertThat(run.createdAt().style()).isEqualTo(WireTime.Style.PYDANTIC);
        assertThat(run.isTerminal()).isTrue();
        assertThat(p.total()).isEqualTo(1);
        assertThat(p.pageSize()).isEqualTo(20);
        assertThat(p.pageCount()).isEqualTo(1);
        // typed round trip, byte for byte
        CrudPage<JobRun> typed = Wire.read(body("jobruns/example.json"), CrudPage.typeOf(JobRun.class));
        assertThat(typed.items().get(0)).isInstanceOf(JobRun.class);
        assertThat(Wire.write(typed)).isEqualTo(body("jobruns/example.json"));
        assertThat(Wire.write(page("jobruns/page-2.json"))).isEqualTo(body("jobruns/page-2.json"));
        assertThat(page("jobruns/page-2.json").pageCount()).isEqualTo(2);
    }

    @Test
    void everyTimestampRenderingGivesTheSameInstant() {
        Instant created = Instant.parse("2026-05-22T09:21:09.430215Z");
        assertThat(page("jobruns/example.json").items().get(0).createdAt().toInstant()).isEqualTo(created);
        assertThat(page("jobruns/non-utc-offset.json").items().get(0).createdAt().toInstant()).isEqualTo(created);
        WireTime dbText = page("jobruns/database-text.json").items().get(0).createdAt();
        assertThat(dbText.style()).isEqualTo(WireTime.Style.DATABASE_TEXT);
        assertThat(dbText.toInstant()).isEqualTo(Instant.parse("2026-05-22T09:21:09.430Z"));
        assertThat(page("jobruns/database-text.json").items().get(0).startedAt().toInstant())
                .isEqualTo(Instant.parse("2026-05-22T09:21:09.441870Z"));
    }

    @Test
    void the071ShapeAtApiJobrunsReadsWithUnknownStatusAndMissingKeys() {
        JobRun old = page("jobruns/api-0.71.json").items().get(0);
        assertThat(old.status()).isEqualTo("queued");
        assertThat(old.hasKnownStatus()).isFalse();
        assertThat(old.createdAt()).isNull();
        assertThat(old.payload()).isNull();
        assertThat(old.attemptNumber()).isNull();
        assertThat(JobRun.LEGACY_PATH).isEqualTo("/api/jobruns");
        JobRun extra = page("jobruns/extra-fields.json").items().get(0);
        assertThat(extra.jobName()).isEqualTo("settle_invoice");
    }

    @Test
    void payloadIsJsonText() {
        JobRun pending = page("jobruns/page-2.json").items().get(0);
        assertThat(pending.payload().isText()).isTrue();
        assertThat(pending.payload().value().path("scheduled_at").asText()).isEqualTo("2026-05-22T09:30:00+00:00");
        assertThat(pending.status()).isEqualTo(JobRun.PENDING);
        assertThat(pending.isTerminal()).isFalse();
        assertThat(pending.startedAt()).isNull();
    }

    @Test
    void jobRunByIdAndItsNullBody() {
        JobRun run = Wire.read(body("jobruns/by-id.json"), JobRun.class);
        assertThat(run).isEqualTo(page("jobruns/example.json").items().get(0));
        assertThat(Wire.decode(200, body("jobruns/by-id-null.json"), JobRun.class).failure().orElseThrow().kind())
                .isEqualTo(WireResult.Kind.MALFORMED);
    }

    @Test
    void summariesUseIsoformatAndRenameAttempt() {
        JobRun dead = page("jobruns/example.json").items().get(0);
        JobRunSummary s = JobRunSummary.from(dead);
        JobRunsPage deadLetter = Wire.read(body("jobs/dead-letter.json"), JobRunsPage.class);
        assertThat(s).isEqualTo(deadLetter.runs().get(0));
        assertThat(s.startedAt().text()).isEqualTo("2026-05-22T09:21:09.441870+00:00");
        assertThat(s.attempt()).isEqualTo(4);
        JobRun blank = new JobRun(null, null, null, null, null, null, null, null, null, null);
        JobRunSummary b = JobRunSummary.from(blank);
        assertThat(Wire.write(b)).isEqualTo(Wire.write(Wire.read(body("jobs/runs-pending.json"), JobRunsPage.class)
                .runs().get(1)));
        JobRunsPage runs = Wire.read(body("jobs/runs.json"), JobRunsPage.class);
        assertThat(runs.total()).isEqualTo(57);
        assertThat(runs.runs()).hasSize(1);
        assertThat(runs.runs().get(0).errorMessage()).endsWith(JobRun.RETRYING_SUFFIX);
    }

    @Test
    void statusAggregatesLikeDazzleIncludingFailedInDeadLetterCount() {
        WireTime t = WireTime.pydantic(Instant.parse("2026-05-22T09:00:00Z"));
        List<JobRun> runs = List.of(
                new JobRun("a", "j", JobRun.COMPLETED, 1, null, null, t, t, 5L, t),
                new JobRun("b", "j", JobRun.FAILED, 1, null, "X: y (retrying)", t, t, 5L, t),
                new JobRun("c", "j", JobRun.DEAD_LETTER, 2, null, "X: y", t, t, 5L, t),
                new JobRun("d", "j", null, 1, null, null, null, null, null, t),
                new JobRun("e", "j", JobRun.COMPLETED, 1, null, null, t, t, 5L, t));
        JobsStatus s = JobsStatus.aggregate(3, runs);
        assertThat(s.runsByStatus().keySet()).containsExactly("completed", "failed", "dead_letter", "unknown");
        assertThat(s.runsByStatus().get("completed")).isEqualTo(2L);
        assertThat(s.deadLetterCount()).isEqualTo(2);
        assertThat(s.totalRuns()).isEqualTo(5);
        assertThat(runs.get(1).isRetried()).isTrue();
        assertThat(runs.get(1).isTerminal()).isFalse();
        JobsStatus example = Wire.read(body("jobs/status.json"), JobsStatus.class);
        assertThat(example.deadLetterCount()).isEqualTo(example.runsByStatus().get("failed")
                + example.runsByStatus().get("dead_letter"));
        assertThat(example.runsByStatus().keySet()).containsExactly("completed", "failed", "dead_letter", "running");
    }

    @Test
    void undeclaredExplorerAndLegacyPathsAreNotDeclared() {
        assertThat(Wire.decode(404, body("jobs/status-0.71-404.json"), JobsStatus.class).failure().orElseThrow()
                .kind()).isEqualTo(WireResult.Kind.NOT_DECLARED);
        assertThat(Wire.decode(404, body("jobruns/api-path-404.json"), CrudPage.class).failure().orElseThrow()
                .kind()).isEqualTo(WireResult.Kind.NOT_DECLARED);
        WireResult<CrudPage> limited = Wire.decode(429, body("jobruns/rate-limited.json"), CrudPage.class);
        assertThat(limited.failure().orElseThrow().message()).contains("Rate limit exceeded: 30 per 1 minute");
        WireResult<CrudPage> forbidden = Wire.decode(403, body("jobruns/forbidden.json"), CrudPage.class);
        assertThat(forbidden.failure().orElseThrow().kind()).isEqualTo(WireResult.Kind.UNAUTHORIZED);
        assertThat(forbidden.failure().orElseThrow().message()).contains("You don't have permission to list JobRun.");
    }
}
