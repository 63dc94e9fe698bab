package com.dazzleops.console.core.monitor;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.client.Capabilities;
import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.events.ConsumersResponse;
import com.dazzleops.model.events.DLQResponse;
import com.dazzleops.model.events.EventSystemStatus;
import com.dazzleops.model.events.OutboxResponse;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.ops.approvals.PendingApprovals;
import com.dazzleops.model.ops.debug.DazzleHealth;
import com.dazzleops.model.ops.debug.DazzleStats;
import com.dazzleops.model.ops.debug.Ready;
import com.dazzleops.model.ops.jobs.JobRunsPage;
import com.dazzleops.model.ops.jobs.JobsStatus;
import com.dazzleops.model.ops.system.AppHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the console knows about one server at one moment. Immutable; a monitor publishes a new one after each
 * poll. One endpoint failing never spoils the others: each has its own {@link EndpointResult}.
 *
 * @param server the profile polled
 * @param status up / degraded / down / unknown
 * @param statusReason why degraded or down ("" when up)
 * @param polledAt when this snapshot was made
 * @param lastSuccess when the server last answered at all
 * @param stale true when the values are not from this moment: the server is down and these are its last known
 *              values, or the snapshot was restored from the sample store after a restart
 * @param consecutiveFailures polls in a row without an answer
 * @param nextPollIn delay until the next poll (grows with backoff while the server is down)
 * @param capabilities what the server offers
 * @param results the latest result of each endpoint polled (slow endpoints are refreshed every few polls; see
 *                {@link EndpointResult#fetchedAt()})
 * @param lagTrends per consumer group and topic, the trend over the monitor's trend window
 * @param checks the six checks, in {@link com.dazzleops.console.core.checks.CheckId} order
 */
public record ServerSnapshot(ServerProfile server, ServerStatus status, String statusReason, Instant polledAt,
                             Optional<Instant> lastSuccess, boolean stale, int consecutiveFailures,
                             Duration nextPollIn, Capabilities capabilities, Map<Endpoint, EndpointResult> results,
                             Map<ConsumerKey, LagTrend> lagTrends, List<Check> checks) {

    public ServerSnapshot {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(status, "status");
        statusReason = statusReason == null ? "" : statusReason;
        Objects.requireNonNull(polledAt, "polledAt");
        lastSuccess = lastSuccess == null ? Optional.empty() : lastSuccess;
        nextPollIn = nextPollIn == null ? Duration.ZERO : nextPollIn;
        Objects.requireNonNull(capabilities, "capabilities");
        results = results == null || results.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(results));
        lagTrends = lagTrends == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(lagTrends));
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The server's id (= {@code server().id()}). */
    public String serverId() {
        return server.id();
    }

    /** The raw result of {@code e}, if it was polled. */
    public Optional<EndpointResult> endpoint(Endpoint e) {
        return Optional.ofNullable(results.get(e));
    }

    /**
     * The result of {@code e} typed as {@code type}; a {@code NOT_DECLARED} failure saying "not polled" when the
     * endpoint was not asked (e.g. jobs on a server that declares none).
     */
    @SuppressWarnings("unchecked")
    public <T> WireResult<T> result(Endpoint e, Class<T> type) {
        EndpointResult r = results.get(e);
        if (r == null) {
            return WireResult.failure(WireResult.Kind.NOT_DECLARED, 0, "not polled on this server", null);
        }
        WireResult<?> w = r.result();
        if (w.isOk() && !type.isInstance(w.valueIfOk().orElse(null))) {
            return WireResult.failure(WireResult.Kind.MALFORMED, 0,
                    e + " holds a " + w.valueIfOk().map(v -> v.getClass().getSimpleName()).orElse("null"), null);
        }
        return (WireResult<T>) w;
    }

    public WireResult<AppHealth> appHealth() {
        return result(Endpoint.APP_HEALTH, AppHealth.class);
    }

    public WireResult<DazzleHealth> health() {
        return result(Endpoint.DAZZLE_HEALTH, DazzleHealth.class);
    }

    public WireResult<Ready> ready() {
        return result(Endpoint.READY, Ready.class);
    }

    public WireResult<DazzleStats> stats() {
        return result(Endpoint.STATS, DazzleStats.class);
    }

    public WireResult<EventSystemStatus> eventsStatus() {
        return result(Endpoint.EVENTS_STATUS, EventSystemStatus.class);
    }

    public WireResult<ConsumersResponse> consumers() {
        return result(Endpoint.CONSUMERS, ConsumersResponse.class);
    }

    public WireResult<OutboxResponse> outbox() {
        return result(Endpoint.OUTBOX, OutboxResponse.class);
    }

    public WireResult<DLQResponse> dlq() {
        return result(Endpoint.DLQ, DLQResponse.class);
    }

    public WireResult<JobsStatus> jobs() {
        return result(Endpoint.JOBS, JobsStatus.class);
    }

    public WireResult<JobRunsPage> jobRuns() {
        return result(Endpoint.JOB_RUNS, JobRunsPage.class);
    }

    public WireResult<PendingApprovals> approvals() {
        return result(Endpoint.APPROVALS, PendingApprovals.class);
    }

    /** Age of the oldest pending outbox row at {@link #polledAt()}, when there is one and its time parses. */
    public Optional<Duration> oldestPendingAge() {
        return outbox().valueIfOk().flatMap(o -> o.stats().oldestPendingTime())
                .map(t -> {
                    Duration d = Duration.between(t.toInstant(), polledAt);
                    return d.isNegative() ? Duration.ZERO : d;
                });
    }

    /** The trend of one group's lag ({@link LagTrend#UNKNOWN} when too few samples). */
    public LagTrend lagTrend(String groupId, String topic) {
        return lagTrends.getOrDefault(new ConsumerKey(groupId, topic), LagTrend.UNKNOWN);
    }

    /** The worst level among the six checks ({@link CheckLevel#UNKNOWN} when there are none). */
    public CheckLevel worstLevel() {
        if (checks.isEmpty()) {
            return CheckLevel.UNKNOWN;
        }
        return checks.stream().map(Check::level).reduce(CheckLevel.OK, CheckLevel::worst);
    }

    /** The same snapshot with other checks. */
    public ServerSnapshot withChecks(List<Check> newChecks) {
        return new ServerSnapshot(server, status, statusReason, polledAt, lastSuccess, stale, consecutiveFailures,
                nextPollIn, capabilities, results, lagTrends, newChecks);
    }
}
