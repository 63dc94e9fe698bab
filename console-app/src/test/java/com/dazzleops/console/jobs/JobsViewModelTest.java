package com.dazzleops.console.jobs;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.testing.FixtureTransport;
import com.dazzleops.console.core.testing.Routes;
import com.dazzleops.console.jobs.JobsViewModel.Row;
import com.dazzleops.console.jobs.JobsViewModel.Scope;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The JobRun browser's logic with same-thread executors over fixture answers of current and 0.71 servers. */
class JobsViewModelTest {

    static final Executor NOW = Runnable::run;

    final Routes routes = new Routes()
            .fixture("/_dazzle/jobs", "ops/jobs/status.json")
            .fixture("/_dazzle/jobs/runs", "ops/jobs/runs.json")
            .fixture("/_dazzle/jobs/dead-letter", "ops/jobs/dead-letter.json");
    final FixtureTransport transport = new FixtureTransport(routes);
    final ServerProfile server = ServerProfile.create("prod-eu", "https://ops.example", Environment.PRODUCTION);
    final Clock clock = Clock.fixed(Instant.parse("2026-05-22T09:40:00Z"), ZoneOffset.UTC);

    JobsViewModel vm() {
        return new JobsViewModel(NOW, NOW, p -> new DazzleClient(p, transport), clock);
    }

    @Test
    void readsTheSummaryAndTheNewestRunsFromTheJobsExplorer() {
        JobsViewModel vm = vm();
        vm.serverProperty().set(server);
        assertThat(vm.statusProperty().get().totalRuns()).isEqualTo(57);
        assertThat(vm.statusProperty().get().runsByStatus()).containsEntry("dead_letter", 1L);
        assertThat(vm.rows()).extracting(Row::jobName, Row::status, Row::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("settle_invoice", "failed", 2));
        assertThat(vm.rows().get(0).failed()).isTrue();
        assertThat(vm.rows().get(0).payload()).isNull();
        assertThat(vm.summaryProperty().get()).isEqualTo("1 newest of 57 runs");
        assertThat(vm.sourceProperty().get()).isEqualTo("GET /_dazzle/jobs/runs?limit=100");
        assertThat(transport.requested).contains("/_dazzle/jobs", "/_dazzle/jobs/runs?limit=100");
        assertThat(vm.errorProperty().get()).isNull();
    }

    @Test
    void theFailedScopeReadsTheDeadLetterListAndFiltersWorkWithoutRequests() {
        JobsViewModel vm = vm();
        vm.serverProperty().set(server);
        vm.limitProperty().set(20);
        vm.scopeProperty().set(Scope.FAILED);
        assertThat(transport.requested).contains("/_dazzle/jobs/dead-letter?limit=20");
        assertThat(vm.rows()).extracting(Row::status).containsExactly("dead_letter", "failed");
        assertThat(vm.statuses()).containsExactly("dead_letter", "failed");
        int before = transport.requested.size();
        vm.statusFilterProperty().set("dead_letter");
        assertThat(transport.requested).hasSize(before);
        assertThat(vm.rows()).extracting(Row::attempt).containsExactly(4);
        assertThat(vm.summaryProperty().get()).startsWith("1 shown of the 2 newest");
        vm.jobFilterProperty().set("nightly_digest");
        assertThat(vm.rows()).isEmpty();
    }

    @Test
    void runsPendingOrRunningForFiveMinutesAreStuck() {
        routes.fixture("/_dazzle/jobs/runs", "ops/jobs/runs-pending.json");
        JobsViewModel vm = vm();
        vm.serverProperty().set(server);
        assertThat(vm.rows()).hasSize(2);
        assertThat(vm.rows().get(0).stuck()).as("pending since 09:30, now 09:40").isTrue();
        assertThat(vm.rows().get(1).stuck()).as("no timestamps at all").isFalse();
        assertThat(vm.stuckCountProperty().get()).isEqualTo(1);
        assertThat(vm.summaryProperty().get()).contains("1 stuck (pending or running 5 min or more)");
    }

    @Test
    void serversWithoutTheExplorerAreReadThroughTheJobRunListWhicheverPathTheyUse() {
        routes.remove("/_dazzle/jobs").remove("/_dazzle/jobs/runs").remove("/_dazzle/jobs/dead-letter")
                .fixture("/api/jobruns", "ops/jobruns/api-0.71.json");
        JobsViewModel vm = vm();
        vm.serverProperty().set(server);
        assertThat(transport.requested).contains("/_dazzle/jobs").anyMatch(r -> r.startsWith("/jobruns?"))
                .anyMatch(r -> r.startsWith("/api/jobruns?page=1&page_size=100"));
        assertThat(vm.rows()).extracting(Row::status, Row::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("queued", 1));
        assertThat(vm.sourceProperty().get()).startsWith("GET /api/jobruns");
        assertThat(vm.statusProperty().get()).isNull();
        assertThat(vm.statusErrorProperty().get()).contains("no jobs explorer");

        transport.requested.clear();
        vm.refresh();
        assertThat(transport.requested).as("the path that answered is remembered")
                .allMatch(r -> r.startsWith("/api/jobruns?"));
    }

    @Test
    void theCrudListGivesPayloadsAndTheFailedScopeKeepsOnlyFailures() {
        routes.remove("/_dazzle/jobs").fixture("/jobruns", "ops/jobruns/example.json");
        JobsViewModel vm = vm();
        vm.scopeProperty().set(Scope.FAILED);
        vm.serverProperty().set(server);
        assertThat(vm.rows()).extracting(Row::status).containsExactly("dead_letter");
        assertThat(vm.sourceProperty().get()).isEqualTo("GET /jobruns (JobRun list, failed runs of the newest page)");
    }

    @Test
    void aJobRunListBehindALoginSaysToAddCredentials() {
        routes.remove("/_dazzle/jobs").fixture("/jobruns", "ops/jobruns/authentication-required.json");
        JobsViewModel vm = vm();
        vm.serverProperty().set(server);
        assertThat(vm.errorProperty().get()).contains("needs credentials");
        assertThat(vm.rows()).isEmpty();
    }

    @Test
    void aServerWithNoJobRoutesAtAllSaysSo() {
        Routes none = new Routes();
        JobsViewModel vm = new JobsViewModel(NOW, NOW, p -> new DazzleClient(p, new FixtureTransport(none)), clock);
        vm.serverProperty().set(server);
        assertThat(vm.errorProperty().get()).contains("no job runs here");
        assertThat(vm.summaryProperty().get()).isEqualTo("No job runs from prod-eu.");
    }

    @Test
    void aServerThatStopsAnsweringKeepsItsLastRows() {
        JobsViewModel vm = vm();
        vm.serverProperty().set(server);
        routes.setDown(true);
        vm.refresh();
        assertThat(vm.rows()).hasSize(1);
        assertThat(vm.errorProperty().get()).contains("no answer").contains("showing the last runs");
    }
}
