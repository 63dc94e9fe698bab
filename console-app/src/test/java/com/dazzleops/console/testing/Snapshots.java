package com.dazzleops.console.testing;

import com.dazzleops.console.core.checks.HealthChecks;
import com.dazzleops.console.core.client.Capabilities;
import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.client.EventsState;
import com.dazzleops.console.core.client.Feature;
import com.dazzleops.console.core.monitor.EndpointResult;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.events.BrokerType;
import com.dazzleops.model.events.ConsumerInfo;
import com.dazzleops.model.events.ConsumersResponse;
import com.dazzleops.model.events.DLQResponse;
import com.dazzleops.model.events.EventSystemStatus;
import com.dazzleops.model.events.OutboxResponse;
import com.dazzleops.model.events.OutboxStats;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.debug.DazzleStats;
import com.dazzleops.model.ops.debug.Ready;
import com.dazzleops.model.ops.system.AppHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link ServerSnapshot}s the way the monitor would publish them (real wire records, checks evaluated by the
 * engine's own {@link HealthChecks}), for view-model tests.
 */
public final class Snapshots {

    private final ServerProfile server;
    private final Map<Endpoint, EndpointResult> results = new EnumMap<>(Endpoint.class);
    private Instant at;

    private Snapshots(ServerProfile server, Instant at) {
        this.server = server;
        this.at = at;
    }

    /** A healthy invoice_ops server: bus running, outbox clean, one consumer at lag 0, empty DLQ, DB ready. */
    public static Snapshots healthy(ServerProfile server, Instant at) {
        Snapshots s = new Snapshots(server, at);
        s.put(Endpoint.APP_HEALTH, WireResult.ok(AppHealth.healthy("invoice_ops", "0.112.0", "sha256:abc123", 3725.5)));
        s.put(Endpoint.READY, WireResult.ok(Ready.ok()));
        s.put(Endpoint.EVENTS_STATUS, WireResult.ok(EventSystemStatus.running(BrokerType.values()[0], 1, 1, 0, 0)));
        s.put(Endpoint.OUTBOX, WireResult.ok(new OutboxResponse(new OutboxStats(0, 0, 42, 0, null), List.of())));
        s.put(Endpoint.DLQ, WireResult.ok(DLQResponse.empty()));
        s.put(Endpoint.STATS, WireResult.ok(DazzleStats.of("invoice_ops", "Invoice Ops", 3725.5,
                List.of(new DazzleStats.EntityCount("Invoice", 21, false), new DazzleStats.EntityCount("LineItem", 42, false)))));
        s.consumers(0);
        return s;
    }

    public Snapshots put(Endpoint e, WireResult<?> r) {
        results.put(e, new EndpointResult(e, e.path(), r, at, Duration.ofMillis(3)));
        return this;
    }

    public Snapshots consumers(long lag) {
        return put(Endpoint.CONSUMERS, WireResult.ok(new ConsumersResponse(
                List.of(new ConsumerInfo("invoice_status_view", "invoice_events", 100, lag)))));
    }

    public Snapshots outbox(long pending, long failed, Instant oldest) {
        return put(Endpoint.OUTBOX, WireResult.ok(new OutboxResponse(
                new OutboxStats(pending, 0, 10, failed, oldest == null ? null : WireTime.pythonIso(oldest)), List.of())));
    }

    public Snapshots fail(Endpoint e, WireResult.Kind kind, int status, String message) {
        return put(e, WireResult.failure(kind, status, message, null));
    }

    public Snapshots at(Instant t) {
        this.at = t;
        return this;
    }

    public ServerSnapshot up() {
        return build(ServerStatus.UP, "", false, 0);
    }

    /** What the monitor publishes when the server stops answering: last values, stale, all checks BAD. */
    public ServerSnapshot down(Instant lastSuccess, int failures) {
        ServerSnapshot s = new ServerSnapshot(server, ServerStatus.DOWN, "connection refused", at,
                Optional.of(lastSuccess), true, failures, Duration.ofSeconds(4), caps(), results, Map.of(), List.of());
        return s.withChecks(HealthChecks.evaluate(s));
    }

    private ServerSnapshot build(ServerStatus status, String reason, boolean stale, int failures) {
        ServerSnapshot s = new ServerSnapshot(server, status, reason, at, Optional.of(at), stale, failures,
                Duration.ofSeconds(2), caps(), results, Map.of(), List.of());
        return s.withChecks(HealthChecks.evaluate(s));
    }

    private Capabilities caps() {
        return new Capabilities(at, Feature.ABSENT, Optional.empty(), false, Feature.ABSENT, List.of(),
                EventsState.ACTIVE, Feature.ABSENT, false, Optional.of("0.112.0"));
    }
}
