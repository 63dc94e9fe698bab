package com.dazzleops.server;

import com.dazzleops.model.json.Wire;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.DatabaseUrl;
import com.dazzleops.server.db.EntityTablesMigration;
import com.dazzleops.server.entity.EntityRepository;
import com.dazzleops.server.jobs.JobService;
import com.dazzleops.server.metrics.Metrics;
import com.dazzleops.server.spec.AppSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The job lifecycle against a controllable clock: retries with backoff, dead letter, timeouts, bad names. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private TestServer s;

    @BeforeAll
    void boot() {
        s = new TestServer(ServerConfig.builder().workers(false).clock(clock));
        s.server.jobs().setJitter(() -> 1.0);
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private List<Map<String, Object>> runsOf(String job) throws Exception {
        return s.server.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM \"JobRun\" WHERE job_name = ? ORDER BY attempt_number, created_at")) {
                ps.setString(1, job);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Map<String, Object>> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(EntityRepository.readRow(rs, s.server.appSpec().requireEntity("JobRun")));
                    }
                    return out;
                }
            }
        });
    }

    private String submitInvoiceAsRequester(String number) {
        String req = s.login("requester@demo.dazzle.local");
        TestServer.Reply created = s.send("POST", "/invoices", "{\"invoice_number\":\"" + number + "\",\"supplier\":\"2b000000-0000-4000-8000-000000000001\",\"amount\":\"250.00\"}", req);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        TestServer.Reply submitted = s.send("PUT", "/invoices/" + id, "{\"status\":\"submitted\"}", req);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        return id;
    }

    @Test
    void failingJobRetriesWithExponentialBackoffThenDeadLetters() throws Exception {
        s.server.builtinJobs().setMailFailureRate(1.0);
        try {
            submitInvoiceAsRequester("JOB-RETRY-1");
            JobService jobs = s.server.jobs();
            // the trigger wrote attempt 1 as pending in the same transaction as the status change
            assertThat(runsOf("notify_approvers")).extracting(r -> r.get("status")).containsExactly("pending");

            assertThat(jobs.runDue()).isEqualTo(1); // attempt 1 fails
            assertThat(jobs.runDue()).isZero();     // attempt 2 is not due yet (1 s backoff)
            clock.advance(Duration.ofMillis(999));
            assertThat(jobs.runDue()).isZero();
            clock.advance(Duration.ofMillis(1));
            assertThat(jobs.runDue()).isEqualTo(1); // attempt 2 fails; next after 2 s
            clock.advance(Duration.ofMillis(1999));
            assertThat(jobs.runDue()).isZero();
            clock.advance(Duration.ofMillis(1));
            assertThat(jobs.runDue()).isEqualTo(1); // attempt 3 fails; next after 4 s
            clock.advance(Duration.ofMillis(3999));
            assertThat(jobs.runDue()).isZero();
            clock.advance(Duration.ofMillis(1));
            assertThat(jobs.runDue()).isEqualTo(1); // attempt 4 = retry + 1: exhausted

            List<Map<String, Object>> runs = runsOf("notify_approvers");
            assertThat(runs).extracting(r -> r.get("attempt_number")).containsExactly(1L, 2L, 3L, 4L);
            assertThat(runs).extracting(r -> r.get("status")).containsExactly("failed", "failed", "failed", "dead_letter");
            assertThat(runs.get(0).get("error_message")).isEqualTo("SMTPServerDisconnected: Connection unexpectedly closed (retrying)");
            assertThat(runs.get(3).get("error_message")).isEqualTo("SMTPServerDisconnected: Connection unexpectedly closed");
            for (Map<String, Object> r : runs) {
                assertThat(r.get("started_at")).isNotNull();
                assertThat(r.get("finished_at")).isNotNull();
                assertThat(r.get("duration_ms")).isNotNull();
            }
            // each attempt's row is created when the previous one failed; it starts after the backoff
            assertThat(Duration.between(Instant.parse(runs.get(1).get("started_at").toString().replace("+00:00", "Z")),
                    Instant.parse(runs.get(2).get("started_at").toString().replace("+00:00", "Z")))).isEqualTo(Duration.ofSeconds(2));

            JsonNode status = s.get("/_dazzle/jobs").json();
            assertThat(status.get("runs_by_status").get("failed").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(status.get("runs_by_status").get("dead_letter").asLong()).isEqualTo(1);
            JsonNode dl = s.get("/_dazzle/jobs/dead-letter?limit=2").json();
            assertThat(dl.get("runs")).hasSize(2);
            assertThat(dl.get("runs").get(0).get("status").asText()).isEqualTo("dead_letter");
            assertThat(dl.get("runs").get(0).get("attempt").asInt()).isEqualTo(4);
            // the dead-letter entity received the exhausted job
            long failedNotifications = s.server.database().withConnection(c -> s.server.entities().repository().counts(c).get("FailedNotification"));
            assertThat(failedNotifications).isEqualTo(1);
        } finally {
            s.server.builtinJobs().setMailFailureRate(0);
        }
    }

    @Test
    void successfulJobCompletesAndNotifiesTheTenantsApprovers() throws Exception {
        int before = runsOf("notify_approvers").size();
        submitInvoiceAsRequester("JOB-OK-1");
        assertThat(s.server.jobs().runDue()).isEqualTo(1);
        List<Map<String, Object>> runs = runsOf("notify_approvers");
        assertThat(runs).hasSize(before + 1);
        Map<String, Object> last = runs.stream().filter(r -> String.valueOf(r.get("payload")).contains("JOB-OK-1"))
                .findFirst().orElseThrow();
        assertThat(last.get("status")).isEqualTo("completed");
        assertThat(last.get("error_message")).isNull();
        JsonNode payload = Wire.mapper().readTree(last.get("payload").toString());
        assertThat(payload.get("event").asText()).isEqualTo("field_changed");
        assertThat(payload.get("entity_type").asText()).isEqualTo("Invoice");
        int notifications = s.server.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM _dazzle_notifications WHERE subject LIKE '%JOB-OK-1%'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(notifications).isEqualTo(3); // Avery, Drew and Alex approve for Northwind
    }

    @Test
    void unknownJobNameFailsWithoutRetry() throws Exception {
        String id = s.server.jobs().submit("no_such_job", Map.of());
        assertThat(s.server.jobs().runDue()).isEqualTo(1);
        List<Map<String, Object>> runs = runsOf("no_such_job");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("id")).isEqualTo(id);
        assertThat(runs.get(0).get("status")).isEqualTo("failed");
        assertThat(runs.get(0).get("error_message")).isEqualTo("No JobSpec named 'no_such_job'");
    }

    /** Timeouts and unresolvable handlers, on a JobService over a spec with a 1-second timeout. */
    @Test
    void handlerTimeoutsAreEnforcedAndMissingHandlersAreNotRetried(@TempDir Path dir) throws Exception {
        ObjectNode raw = (ObjectNode) Wire.mapper().readTree(Wire.write(AppSpec.loadDefault().raw()));
        ObjectNode job = (ObjectNode) raw.withArray("jobs").get(0);
        job.put("timeout_seconds", 1);
        job.put("retry", 1);
        job.put("retry_backoff", "none");
        AppSpec spec = AppSpec.parse(Wire.write(raw));
        try (Database db = Database.open(DatabaseUrl.parse(null, dir.resolve("jobs.db")))) {
            db.migrate(List.of(new EntityTablesMigration(spec, db.dialect())), List.of());
            EntityRepository repo = new EntityRepository(db.dialect());
            db.inTransaction(c -> {
                repo.reconcileCounts(c, spec.entities());
                return null;
            });
            MutableClock clk = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
            try (JobService jobs = new JobService(spec, db, repo, new Metrics(), clk)) {
                jobs.registerHandler("notifications.notify_approvers", p -> Thread.sleep(5_000));
                jobs.submit("notify_approvers", Map.of("n", 1));
                long t0 = System.nanoTime();
                assertThat(jobs.runDue()).isEqualTo(2); // attempt 1 times out, attempt 2 (no backoff) times out
                assertThat((System.nanoTime() - t0) / 1e9).isBetween(1.9, 4.5);
                List<String> statuses = new ArrayList<>();
                List<String> errors = new ArrayList<>();
                db.withConnection(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT status, error_message FROM \"JobRun\" ORDER BY attempt_number");
                         ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            statuses.add(rs.getString(1));
                            errors.add(rs.getString(2));
                        }
                    }
                    return null;
                });
                assertThat(statuses).containsExactly("failed", "dead_letter");
                assertThat(errors.get(0)).isEqualTo("TimeoutError: job exceeded timeout_seconds=1 (retrying)");

                jobs.submit("reconcile_payments", Map.of()); // no handler registered in this service
                assertThat(jobs.runDue()).isEqualTo(1);
                String err = db.withConnection(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT status || '|' || error_message FROM \"JobRun\" WHERE job_name = 'reconcile_payments'");
                         ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                });
                assertThat(err).isEqualTo("failed|ImportError: cannot resolve handler 'payments.reconcile_payments'");
            }
        }
    }

    @Test
    void backoffPolicies() {
        AppSpec spec = AppSpec.loadDefault();
        var notify = spec.job("notify_approvers").orElseThrow();
        assertThat(notify.maxAttempts()).isEqualTo(4);
        assertThat(notify.baseBackoffSeconds(1)).isEqualTo(1.0);
        assertThat(notify.baseBackoffSeconds(3)).isEqualTo(4.0);
        assertThat(notify.baseBackoffSeconds(12)).isEqualTo(300.0); // capped
        var reconcile = spec.job("reconcile_payments").orElseThrow();
        assertThat(reconcile.baseBackoffSeconds(2)).isEqualTo(2.0);
    }

    @Test
    void scheduleFiresOncePerMinute() throws Exception {
        int before = runsOf("reconcile_payments").size();
        assertThat(s.server.jobs().runSchedules()).isEqualTo(1);
        assertThat(s.server.jobs().runSchedules()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.server.jobs().runSchedules()).isEqualTo(1);
        List<Map<String, Object>> runs = runsOf("reconcile_payments");
        assertThat(runs).hasSize(before + 2);
        assertThat(Wire.mapper().readTree(runs.get(runs.size() - 1).get("payload").toString()).get("scheduled_at").asText())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:00\\+00:00");
    }
}
