package com.dazzleops.console.core.checks;

import com.dazzleops.console.core.client.Capabilities;
import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.monitor.ConsumerKey;
import com.dazzleops.console.core.monitor.EndpointResult;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The six checks over combinations of real fixture bodies. */
class HealthChecksTest {

    static final Instant NOW = Instant.parse("2026-08-22T09:30:00Z");

    final Map<Endpoint, EndpointResult> results = new EnumMap<>(Endpoint.class);
    final Map<ConsumerKey, LagTrend> trends = new HashMap<>();

    HealthChecksTest put(Endpoint e, String resource) {
        Fixtures.Fixture f = Fixtures.byResource(resource);
        return body(e, f.status(), f.body());
    }

    HealthChecksTest body(Endpoint e, int status, String body) {
        results.put(e, new EndpointResult(e, e.path(), Wire.decode(status, body, DazzleClient.bodyType(e)), NOW,
                Duration.ofMillis(2)));
        return this;
    }

    HealthChecksTest healthy() {
        put(Endpoint.READY, "ops/ready/ready.json");
        body(Endpoint.EVENTS_STATUS, 200, "{\"running\":true,\"broker_type\":\"PostgresBus\",\"topics_count\":1,"
                + "\"consumers_count\":1,\"outbox_pending\":0,\"dlq_count\":0}");
        put(Endpoint.CONSUMERS, "events/consumers/contract-example.json");
        body(Endpoint.OUTBOX, 200, "{\"stats\":{\"pending\":0,\"publishing\":0,\"published\":57,\"failed\":0,"
                + "\"oldest_pending\":null},\"recent_entries\":[]}");
        put(Endpoint.DLQ, "events/dlq/empty.json");
        put(Endpoint.JOB_RUNS, "ops/jobs/runs.json");
        return this;
    }

    Map<CheckId, Check> eval() {
        ServerSnapshot s = new ServerSnapshot(ServerProfile.create("x", "http://h:1", Environment.DEV), ServerStatus.UP,
                "", NOW, Optional.of(NOW), false, 0, Duration.ofSeconds(2), Capabilities.unknown(NOW), results, trends,
                List.of());
        Map<CheckId, Check> out = new EnumMap<>(CheckId.class);
        HealthChecks.evaluate(s).forEach(c -> out.put(c.id(), c));
        assertThat(out).hasSize(6);
        return out;
    }

    @Test
    void healthyDashboardIsAllOk() {
        Map<CheckId, Check> c = healthy().eval();
        assertThat(c.values()).allSatisfy(x -> assertThat(x.level()).as(x.toString()).isEqualTo(CheckLevel.OK));
        assertThat(c.get(CheckId.EVENT_BUS_RUNNING).value()).isEqualTo("running (PostgresBus)");
        assertThat(c.get(CheckId.EVENT_BUS_RUNNING).source()).isEqualTo("GET /_dazzle/events/status");
        assertThat(c.get(CheckId.CONSUMER_CURRENT).value()).isEqualTo("max lag 3 (projection-InvoiceStatusView)");
        assertThat(c.get(CheckId.NO_DLQ_EVENTS).value()).isEqualTo("0 entries");
        assertThat(c.get(CheckId.DB_REACHABLE).value()).isEqualTo("reachable");
    }

    @Test
    void unhealthyFixturesAreBad() {
        healthy();
        put(Endpoint.READY, "ops/ready/not-ready.json");
        put(Endpoint.EVENTS_STATUS, "events/status/inactive.json");
        put(Endpoint.OUTBOX, "events/outbox/contract-example.json"); // one failed row
        body(Endpoint.DLQ, 200, "{\"entries\":[],\"total\":12}");
        body(Endpoint.CONSUMERS, 200, "{\"consumers\":[{\"group_id\":\"g\",\"topic\":\"t\",\"last_sequence\":1,\"lag\":5000}]}");
        body(Endpoint.JOB_RUNS, 200, "{\"runs\":[{\"job_run_id\":\"a\",\"job_name\":\"settle_invoice\",\"status\":\"running\","
                + "\"attempt\":1,\"error_message\":null,\"started_at\":\"2026-08-22T09:20:00+00:00\",\"finished_at\":null,"
                + "\"duration_ms\":null,\"created_at\":\"2026-08-22T09:19:59+00:00\"}],\"total\":1,\"limit\":100}");
        Map<CheckId, Check> c = eval();
        assertThat(c.values()).allSatisfy(x -> assertThat(x.level()).as(x.toString()).isEqualTo(CheckLevel.BAD));
        assertThat(c.get(CheckId.DB_REACHABLE).detail()).contains("database unreachable");
        assertThat(c.get(CheckId.OUTBOX_CLEAN).value()).contains("1 failed");
        assertThat(c.get(CheckId.NO_STUCK_SETTLEMENTS).value()).isEqualTo("1 stuck");
        assertThat(c.get(CheckId.NO_STUCK_SETTLEMENTS).detail()).contains("oldest 10 min");
    }

    @Test
    void aSettlementRunWhoseStartIsNotATimestampIsJudgedByItsCreationInsteadOfBreakingThePoll() {
        healthy();
        body(Endpoint.JOB_RUNS, 200, "{\"runs\":[{\"job_run_id\":\"a\",\"job_name\":\"settle_invoice\",\"status\":\"running\","
                + "\"attempt\":1,\"error_message\":null,\"started_at\":\"soon\",\"finished_at\":null,"
                + "\"duration_ms\":null,\"created_at\":\"2026-08-22T09:19:59+00:00\"},"
                + "{\"job_run_id\":\"b\",\"job_name\":\"settle_invoice\",\"status\":\"pending\",\"attempt\":1,"
                + "\"error_message\":null,\"started_at\":\"n/a\",\"finished_at\":null,\"duration_ms\":null,"
                + "\"created_at\":\"not a time\"}],\"total\":2,\"limit\":100}");
        Map<CheckId, Check> c = eval();
        assertThat(c.get(CheckId.NO_STUCK_SETTLEMENTS).level()).isEqualTo(CheckLevel.BAD);
        assertThat(c.get(CheckId.NO_STUCK_SETTLEMENTS).value()).isEqualTo("1 stuck");
        assertThat(c.get(CheckId.NO_STUCK_SETTLEMENTS).detail()).contains("oldest 10 min");
    }

    @Test
    void warningsSitBetween() {
        healthy();
        body(Endpoint.EVENTS_STATUS, 200, "{\"running\":true,\"broker_type\":\"PostgresBus\",\"topics_count\":1,"
                + "\"consumers_count\":1,\"outbox_pending\":3,\"dlq_count\":2}");
        body(Endpoint.CONSUMERS, 200, "{\"consumers\":[{\"group_id\":\"g\",\"topic\":\"t\",\"last_sequence\":1,\"lag\":150}]}");
        body(Endpoint.OUTBOX, 200, "{\"stats\":{\"pending\":3,\"publishing\":0,\"published\":5,\"failed\":0,"
                + "\"oldest_pending\":\"2026-08-22 09:28:30.5+00\"},\"recent_entries\":[]}"); // PostgreSQL text, 89.5 s old
        Map<CheckId, Check> c = eval();
        assertThat(c.get(CheckId.NO_DLQ_EVENTS).level()).isEqualTo(CheckLevel.WARNING);
        assertThat(c.get(CheckId.CONSUMER_CURRENT).level()).isEqualTo(CheckLevel.WARNING);
        assertThat(c.get(CheckId.OUTBOX_CLEAN).level()).isEqualTo(CheckLevel.WARNING);
        assertThat(c.get(CheckId.OUTBOX_CLEAN).value()).isEqualTo("3 pending, 0 failed, oldest 1 min 29 s");
    }

    @Test
    void realDazzleQuirksAreUnknownNotBad() {
        // 0.112 reference server for invoice_ops: no jobs, consumers always [], events not started (500)
        put(Endpoint.READY, "ops/ready/ready.json");
        put(Endpoint.EVENTS_STATUS, "events/status/not-declared-404.json");
        put(Endpoint.CONSUMERS, "events/consumers/dazzle-always-empty.json");
        put(Endpoint.OUTBOX, "events/outbox/inactive-zero-stats.json");
        body(Endpoint.DLQ, 404, "{\"detail\":\"Not Found\"}");
        put(Endpoint.JOBS, "ops/jobs/status-0.71-404.json");
        put(Endpoint.JOBRUNS_CRUD, "ops/jobruns/authentication-required.json");
        Map<CheckId, Check> c = eval();
        assertThat(c.get(CheckId.EVENT_BUS_RUNNING).level()).isEqualTo(CheckLevel.UNKNOWN);
        assertThat(c.get(CheckId.CONSUMER_CURRENT).level()).isEqualTo(CheckLevel.UNKNOWN);
        assertThat(c.get(CheckId.CONSUMER_CURRENT).detail()).contains("always answer an empty list");
        assertThat(c.get(CheckId.NO_DLQ_EVENTS).level()).isEqualTo(CheckLevel.UNKNOWN);
        assertThat(c.get(CheckId.NO_STUCK_SETTLEMENTS).level()).isEqualTo(CheckLevel.UNKNOWN);
        assertThat(c.get(CheckId.NO_STUCK_SETTLEMENTS).detail()).contains("needs credentials");
        assertThat(c.get(CheckId.OUTBOX_CLEAN).level()).isEqualTo(CheckLevel.OK);
        assertThat(c.get(CheckId.DB_REACHABLE).level()).isEqualTo(CheckLevel.OK);
    }

    @Test
    void brokenEventFrameworkIsBadAndDlqFallsBackToStatusCount() {
        healthy();
        put(Endpoint.EVENTS_STATUS, "events/status/internal-error-500.json");
        assertThat(eval().get(CheckId.EVENT_BUS_RUNNING).level()).isEqualTo(CheckLevel.BAD);
        healthy();
        put(Endpoint.DLQ, "events/dlq/state-b-500.json");
        body(Endpoint.EVENTS_STATUS, 200, "{\"running\":true,\"broker_type\":\"RedisBus\",\"topics_count\":1,"
                + "\"consumers_count\":1,\"outbox_pending\":0,\"dlq_count\":3}");
        Check dlq = eval().get(CheckId.NO_DLQ_EVENTS);
        assertThat(dlq.level()).isEqualTo(CheckLevel.WARNING);
        assertThat(dlq.source()).isEqualTo("GET /_dazzle/events/status");
    }

    @Test
    void legacyJobRunsCrudIsUsedWhenThereIsNoExplorer() {
        healthy();
        results.remove(Endpoint.JOB_RUNS);
        put(Endpoint.JOBS, "ops/jobs/status-0.71-404.json");
        put(Endpoint.JOBRUNS_CRUD, "ops/jobruns/api-0.71.json");
        Check c = eval().get(CheckId.NO_STUCK_SETTLEMENTS);
        assertThat(c.level()).isIn(CheckLevel.OK, CheckLevel.BAD);
        assertThat(c.source()).isEqualTo("GET /jobruns");
    }

    @Test
    void growingTrendIsBadEvenWithSmallLag() {
        healthy();
        trends.put(new ConsumerKey("projection-InvoiceStatusView", "invoice_events"), LagTrend.GROWING);
        Check c = eval().get(CheckId.CONSUMER_CURRENT);
        assertThat(c.level()).isEqualTo(CheckLevel.BAD);
        assertThat(c.detail()).contains("stuck consumer");
    }
}
