package com.dazzleops.console.core.checks;

import com.dazzleops.console.core.client.EventsState;
import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.monitor.ConsumerKey;
import com.dazzleops.console.core.monitor.EndpointResult;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.model.events.ConsumerInfo;
import com.dazzleops.model.events.ConsumersResponse;
import com.dazzleops.model.events.DLQResponse;
import com.dazzleops.model.events.EventSystemStatus;
import com.dazzleops.model.events.OutboxResponse;
import com.dazzleops.model.events.OutboxStats;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.debug.DazzleHealth;
import com.dazzleops.model.ops.debug.Ready;
import com.dazzleops.model.ops.jobs.CrudPage;
import com.dazzleops.model.ops.jobs.JobRun;
import com.dazzleops.model.ops.jobs.JobRunSummary;
import com.dazzleops.model.ops.jobs.JobRunsPage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The six checks of the healthy invoice_ops dashboard, as a pure function of a {@link ServerSnapshot}.
 * Levels and thresholds are described per check below and in console-app/CORE-API.md. A feature the server does
 * not declare (404) gives {@link CheckLevel#UNKNOWN}, never BAD. A server that does not answer at all makes every
 * check BAD ("server unreachable").
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    /** The six checks, in {@link CheckId} order, with the default thresholds. */
    public static List<Check> evaluate(ServerSnapshot s) {
        return evaluate(s, Thresholds.DEFAULTS);
    }

    public static List<Check> evaluate(ServerSnapshot s, Thresholds t) {
        if (s.status() == ServerStatus.DOWN) {
            List<Check> out = new ArrayList<>();
            String why = s.statusReason().isBlank() ? "no answer" : s.statusReason();
            String last = s.lastSuccess().map(i -> "; last answer " + i).orElse("; never answered");
            for (CheckId id : CheckId.values()) {
                out.add(new Check(id, CheckLevel.BAD, "server unreachable", Endpoint.READY.label(), why + last));
            }
            return out;
        }
        if (s.status() == ServerStatus.UNKNOWN && s.results().isEmpty()) {
            List<Check> out = new ArrayList<>();
            for (CheckId id : CheckId.values()) {
                out.add(new Check(id, CheckLevel.UNKNOWN, "not polled yet", "", ""));
            }
            return out;
        }
        return List.of(eventBus(s), outbox(s, t), consumer(s, t), dlq(s, t), database(s), settlements(s, t));
    }

    // ---- 1. event bus running: /_dazzle/events/status ----------------------------------------------------------------

    static Check eventBus(ServerSnapshot s) {
        Optional<EndpointResult> er = s.endpoint(Endpoint.EVENTS_STATUS);
        if (er.isEmpty()) {
            return unknown(CheckId.EVENT_BUS_RUNNING, Endpoint.EVENTS_STATUS.label(), "not polled");
        }
        String src = er.get().source();
        WireResult<?> r = er.get().result();
        if (r.valueIfOk().orElse(null) instanceof EventSystemStatus st) {
            if (st.running()) {
                return new Check(CheckId.EVENT_BUS_RUNNING, CheckLevel.OK, "running (" + st.brokerType() + ")", src,
                        st.topicsCount() + " topics");
            }
            return new Check(CheckId.EVENT_BUS_RUNNING, CheckLevel.BAD, "not running",
                    src, "the server reports running: false (broker " + st.brokerType() + ")");
        }
        WireResult.Failure<?> f = r.failure().orElseThrow();
        if (f.kind() == WireResult.Kind.NOT_DECLARED) {
            return unknown(CheckId.EVENT_BUS_RUNNING, src, "the server has no event explorer (404)");
        }
        if (f.kind() == WireResult.Kind.HTTP_ERROR && f.status() >= 500) {
            return new Check(CheckId.EVENT_BUS_RUNNING, CheckLevel.BAD, "not started", src,
                    "HTTP " + f.status() + ": Dazzle answers 500 here when the event framework is not started");
        }
        return failed(CheckId.EVENT_BUS_RUNNING, src, f);
    }

    // ---- 2. outbox clean: /_dazzle/events/outbox -------------------------------------------------------------------

    static Check outbox(ServerSnapshot s, Thresholds t) {
        Optional<EndpointResult> er = s.endpoint(Endpoint.OUTBOX);
        if (er.isEmpty()) {
            return unknown(CheckId.OUTBOX_CLEAN, Endpoint.OUTBOX.label(), "not polled");
        }
        String src = er.get().source();
        WireResult<?> r = er.get().result();
        if (!(r.valueIfOk().orElse(null) instanceof OutboxResponse o)) {
            WireResult.Failure<?> f = r.failure().orElseThrow();
            if (f.kind() == WireResult.Kind.NOT_DECLARED) {
                return unknown(CheckId.OUTBOX_CLEAN, src, "the server has no outbox route (404)");
            }
            return failed(CheckId.OUTBOX_CLEAN, src, f);
        }
        OutboxStats st = o.stats();
        Optional<Duration> age = s.oldestPendingAge();
        String value = st.pending() + " pending, " + st.failed() + " failed"
                + age.map(a -> ", oldest " + human(a)).orElse("");
        if (st.failed() > 0) {
            return new Check(CheckId.OUTBOX_CLEAN, CheckLevel.BAD, value, src,
                    st.failed() + " rows failed for good (5 publish attempts)");
        }
        if (age.isPresent() && age.get().compareTo(t.outboxOldestPendingBad()) >= 0) {
            return new Check(CheckId.OUTBOX_CLEAN, CheckLevel.BAD, value, src,
                    "oldest pending row older than " + human(t.outboxOldestPendingBad()) + ": the relay is not draining");
        }
        if (age.isPresent() && age.get().compareTo(t.outboxOldestPendingWarn()) >= 0) {
            return new Check(CheckId.OUTBOX_CLEAN, CheckLevel.WARNING, value, src,
                    "oldest pending row older than " + human(t.outboxOldestPendingWarn()));
        }
        if (st.pending() >= t.outboxPendingWarn()) {
            return new Check(CheckId.OUTBOX_CLEAN, CheckLevel.WARNING, value, src,
                    "at least " + t.outboxPendingWarn() + " rows pending");
        }
        return new Check(CheckId.OUTBOX_CLEAN, CheckLevel.OK, value, src, st.published() + " published");
    }

    // ---- 3. consumer current: /_dazzle/events/consumers + lag trend ------------------------------------------------

    static Check consumer(ServerSnapshot s, Thresholds t) {
        Optional<EndpointResult> er = s.endpoint(Endpoint.CONSUMERS);
        if (er.isEmpty()) {
            return unknown(CheckId.CONSUMER_CURRENT, Endpoint.CONSUMERS.label(), "not polled");
        }
        String src = er.get().source();
        WireResult<?> r = er.get().result();
        if (!(r.valueIfOk().orElse(null) instanceof ConsumersResponse c)) {
            WireResult.Failure<?> f = r.failure().orElseThrow();
            if (f.kind() == WireResult.Kind.NOT_DECLARED) {
                return unknown(CheckId.CONSUMER_CURRENT, src, "the server has no consumers route (404)");
            }
            return failed(CheckId.CONSUMER_CURRENT, src, f);
        }
        if (c.consumers().isEmpty()) {
            return unknown(CheckId.CONSUMER_CURRENT, src,
                    "no consumer groups reported (real Dazzle servers always answer an empty list)");
        }
        ConsumerInfo worst = c.consumers().stream().max(Comparator.comparingLong(ConsumerInfo::lag)).orElseThrow();
        List<String> growing = new ArrayList<>();
        for (ConsumerInfo ci : c.consumers()) {
            if (s.lagTrends().get(new ConsumerKey(ci.groupId(), ci.topic())) == LagTrend.GROWING && ci.lag() > 0) {
                growing.add(ci.groupId());
            }
        }
        String value = "max lag " + worst.lag() + " (" + worst.groupId() + ")";
        if (!growing.isEmpty()) {
            return new Check(CheckId.CONSUMER_CURRENT, CheckLevel.BAD, value + ", growing", src,
                    "lag of " + String.join(", ", growing) + " grew steadily over "
                            + human(t.lagTrendWindow()) + ": stuck consumer");
        }
        if (worst.lag() >= t.lagBad()) {
            return new Check(CheckId.CONSUMER_CURRENT, CheckLevel.BAD, value, src, "lag at least " + t.lagBad());
        }
        if (worst.lag() >= t.lagWarn()) {
            return new Check(CheckId.CONSUMER_CURRENT, CheckLevel.WARNING, value, src, "lag at least " + t.lagWarn());
        }
        return new Check(CheckId.CONSUMER_CURRENT, CheckLevel.OK, value, src,
                c.consumers().size() + " consumer groups");
    }

    // ---- 4. no DLQ events: dlq_count of /_dazzle/events/status, else /_dazzle/events/dlq -------------------------------------------

    static Check dlq(ServerSnapshot s, Thresholds t) {
        // /status carries dlq_count and is polled every time; /dlq (the same total, plus entries) every few polls
        Long total = null;
        String src = Endpoint.DLQ.label();
        WireResult.Failure<?> failure = null;
        Optional<EndpointResult> st = s.endpoint(Endpoint.EVENTS_STATUS);
        if (st.isPresent() && st.get().result().valueIfOk().orElse(null) instanceof EventSystemStatus es
                && es.running()) {
            total = es.dlqCount();
            src = st.get().source();
        }
        Optional<EndpointResult> er = s.endpoint(Endpoint.DLQ);
        if (total == null && er.isPresent()) {
            src = er.get().source();
            WireResult<?> r = er.get().result();
            if (r.valueIfOk().orElse(null) instanceof DLQResponse d) {
                total = d.total();
            } else {
                failure = r.failure().orElse(null);
            }
        }
        if (total == null) {
            if (failure == null || failure.kind() == WireResult.Kind.NOT_DECLARED) {
                return unknown(CheckId.NO_DLQ_EVENTS, src, "the server has no DLQ route");
            }
            if (s.capabilities().events() == EventsState.INACTIVE) {
                return unknown(CheckId.NO_DLQ_EVENTS, src, "the event system is inactive");
            }
            return failed(CheckId.NO_DLQ_EVENTS, src, failure);
        }
        String value = total + (total == 1 ? " entry" : " entries");
        if (total == 0) {
            return new Check(CheckId.NO_DLQ_EVENTS, CheckLevel.OK, value, src, "dead-letter queue empty");
        }
        if (total >= t.dlqBad()) {
            return new Check(CheckId.NO_DLQ_EVENTS, CheckLevel.BAD, value, src,
                    "at least " + t.dlqBad() + " dead-lettered events");
        }
        return new Check(CheckId.NO_DLQ_EVENTS, CheckLevel.WARNING, value, src,
                "dead-lettered events waiting for replay");
    }

    // ---- 5. DB reachable: /_dazzle/ready (else /_dazzle/health) ---------------------------------------------------

    static Check database(ServerSnapshot s) {
        Optional<EndpointResult> ready = s.endpoint(Endpoint.READY);
        WireResult.Failure<?> failure = null;
        String src = Endpoint.READY.label();
        if (ready.isPresent()) {
            src = ready.get().source();
            if (ready.get().result().valueIfOk().orElse(null) instanceof Ready r) {
                if (r.ready()) {
                    return new Check(CheckId.DB_REACHABLE, CheckLevel.OK, "reachable", src, "ready: true");
                }
                return new Check(CheckId.DB_REACHABLE, CheckLevel.BAD, "unreachable", src,
                        "ready: false" + (r.reason() == null ? "" : " (" + r.reason() + ")"));
            }
            failure = ready.get().result().failure().orElse(null);
        }
        Optional<EndpointResult> health = s.endpoint(Endpoint.DAZZLE_HEALTH);
        if (health.isPresent() && health.get().result().valueIfOk().orElse(null) instanceof DazzleHealth h) {
            boolean ok = DazzleHealth.OK.equals(h.database());
            return new Check(CheckId.DB_REACHABLE, ok ? CheckLevel.OK : CheckLevel.BAD, ok ? "reachable" : "unreachable",
                    health.get().source(), "database: " + h.database());
        }
        if (failure == null || failure.kind() == WireResult.Kind.NOT_DECLARED) {
            return unknown(CheckId.DB_REACHABLE, src, "no readiness route");
        }
        return failed(CheckId.DB_REACHABLE, src, failure);
    }

    // ---- 6. no stuck settlements: /_dazzle/jobs/runs, else the JobRun CRUD list -----------------------------------

    /** One run, whatever list it came from. */
    record Run(String jobName, String status, WireTime startedAt, WireTime createdAt) {
    }

    static Check settlements(ServerSnapshot s, Thresholds t) {
        List<Run> runs = null;
        String src = Endpoint.JOB_RUNS.label();
        WireResult.Failure<?> failure = null;
        Optional<EndpointResult> explorer = s.endpoint(Endpoint.JOB_RUNS);
        if (explorer.isPresent()) {
            src = explorer.get().source();
            if (explorer.get().result().valueIfOk().orElse(null) instanceof JobRunsPage p) {
                runs = new ArrayList<>(p.runs().size());
                for (JobRunSummary r : p.runs()) {
                    runs.add(new Run(r.jobName(), r.status(), r.startedAt(), r.createdAt()));
                }
            } else {
                failure = explorer.get().result().failure().orElse(null);
            }
        }
        Optional<EndpointResult> crud = s.endpoint(Endpoint.JOBRUNS_CRUD);
        if (runs == null && crud.isPresent()) {
            src = crud.get().source();
            if (crud.get().result().valueIfOk().orElse(null) instanceof CrudPage<?> p) {
                runs = new ArrayList<>(p.items().size());
                for (Object o : p.items()) {
                    if (o instanceof JobRun r) {
                        runs.add(new Run(r.jobName(), r.status(), r.startedAt(), r.createdAt()));
                    }
                }
                failure = null;
            } else {
                WireResult.Failure<?> cf = crud.get().result().failure().orElse(null);
                if (failure == null || failure.kind() == WireResult.Kind.NOT_DECLARED) {
                    failure = cf;
                }
            }
        }
        if (runs == null) {
            if (failure == null || failure.kind() == WireResult.Kind.NOT_DECLARED) {
                return unknown(CheckId.NO_STUCK_SETTLEMENTS, src, "the server declares no jobs (no JobRun routes)");
            }
            if (failure.kind() == WireResult.Kind.UNAUTHORIZED) {
                return unknown(CheckId.NO_STUCK_SETTLEMENTS, src,
                        "the JobRun list needs credentials: add a session cookie or token to this server");
            }
            return failed(CheckId.NO_STUCK_SETTLEMENTS, src, failure);
        }
        Instant now = s.polledAt();
        int settlementRuns = 0;
        int active = 0;
        int stuck = 0;
        Duration oldest = Duration.ZERO;
        for (Run r : runs) {
            if (!t.settlementJobName().equals(r.jobName())) {
                continue;
            }
            settlementRuns++;
            if (!JobRun.RUNNING.equals(r.status()) && !JobRun.PENDING.equals(r.status())) {
                continue;
            }
            active++;
            // the start, else the creation; a value that is not a timestamp counts as missing (toInstant() would throw
            // out of the poll and stop this server's polling)
            Optional<Instant> since = r.startedAt() == null ? Optional.empty() : r.startedAt().instant();
            if (since.isEmpty() && r.createdAt() != null) {
                since = r.createdAt().instant();
            }
            if (since.isEmpty()) {
                continue;
            }
            Duration age = Duration.between(since.get(), now);
            if (age.compareTo(t.settlementStuckAfter()) >= 0) {
                stuck++;
                if (age.compareTo(oldest) > 0) {
                    oldest = age;
                }
            }
        }
        if (stuck > 0) {
            return new Check(CheckId.NO_STUCK_SETTLEMENTS, CheckLevel.BAD, stuck + " stuck", src,
                    stuck + " " + t.settlementJobName() + " runs pending/running longer than "
                            + human(t.settlementStuckAfter()) + " (oldest " + human(oldest) + ")");
        }
        return new Check(CheckId.NO_STUCK_SETTLEMENTS, CheckLevel.OK, active + " in flight", src,
                settlementRuns + " " + t.settlementJobName() + " runs among the " + runs.size() + " newest runs");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static Check unknown(CheckId id, String src, String why) {
        return new Check(id, CheckLevel.UNKNOWN, "n/a", src, why);
    }

    /** An endpoint that should answer but failed: a per-panel error, judged BAD (it hides the state it reports). */
    private static Check failed(CheckId id, String src, WireResult.Failure<?> f) {
        CheckLevel level = switch (f.kind()) {
            case UNAUTHORIZED -> CheckLevel.UNKNOWN;
            case UNREACHABLE, HTTP_ERROR, MALFORMED, APP_ERROR, INVALID_REQUEST -> CheckLevel.BAD;
            case NOT_DECLARED -> CheckLevel.UNKNOWN;
        };
        return new Check(id, level, "error", src, f.message());
    }

    /** {@code 45 s}, {@code 3 min 5 s}, {@code 2 h 4 min}. */
    public static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + ((s % 3600) / 60) + " min");
    }
}
