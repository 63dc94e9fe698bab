package com.dazzleops.console.core.client;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.HealthChecks;
import com.dazzleops.console.core.monitor.EndpointResult;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.testing.FixtureServer;
import com.dazzleops.console.core.testing.Routes;
import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shared-model fixture served by a real local HTTP server at its path and status: the client never throws,
 * gives the kind the fixture expects, and every panel built from it gets a value or a clear error.
 */
class DazzleClientFixturesTest {

    private static final Routes ROUTES = new Routes();
    private static FixtureServer server;
    private static OkHttpTransport transport;
    private static DazzleClient client;

    @BeforeAll
    static void start() {
        server = new FixtureServer(ROUTES);
        transport = new OkHttpTransport();
        client = new DazzleClient(ServerProfile.create("fixtures", server.url(), Environment.DEV), transport);
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    static Optional<Endpoint> endpointOf(String path) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (p.equals("/api/jobruns")) {
            return Optional.of(Endpoint.JOBRUNS_CRUD);
        }
        for (Endpoint e : Endpoint.values()) {
            if (e.path().equals(p)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    static Stream<Fixtures.Fixture> httpFixtures() {
        return Fixtures.all().stream().filter(f -> "GET".equals(f.method()) && f.path().startsWith("/"));
    }

    @Test
    void thereAreFixturesForEveryPolledEndpoint() {
        List<Fixtures.Fixture> all = httpFixtures().toList();
        assertThat(all).hasSizeGreaterThan(100);
        for (Endpoint e : List.of(Endpoint.READY, Endpoint.DAZZLE_HEALTH, Endpoint.APP_HEALTH, Endpoint.STATS,
                Endpoint.EVENTS_STATUS, Endpoint.CONSUMERS, Endpoint.OUTBOX, Endpoint.DLQ, Endpoint.JOBS,
                Endpoint.JOB_RUNS, Endpoint.JOBRUNS_CRUD, Endpoint.APPROVALS)) {
            assertThat(all).as("fixtures for " + e).anyMatch(f -> endpointOf(f.path()).orElse(null) == e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureOverHttp() {
        return httpFixtures().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            ROUTES.answer(f.path(), f.status(), f.body());
            // as the record the fixture names
            WireResult<Object> typed = client.fetch(f.path(), Wire.mapper().constructType(f.typeClass()), false).join();
            if (f.typeClass() == String.class) {
                // Prometheus text (/_dazzle/metrics) is not JSON: the JSON client must say so, not throw
                assertThat(typed.isOk() || !typed.failure().get().message().isBlank()).isTrue();
                return;
            }
            assertKind(f, typed);
            // the direct decode (no intermediate tree) reads exactly what Wire.decode reads, or steps aside
            com.fasterxml.jackson.databind.JavaType type = Wire.mapper().constructType(f.typeClass());
            WireResult<Object> direct = DazzleClient.decodeDirect(f.status(), f.body(), type, null);
            if (direct != null) {
                assertThat(direct).as(f.toString()).isEqualTo(Wire.decode(f.status(), f.body(), type));
            }
            // as the console's own endpoint reads it, when the console polls that route
            Optional<Endpoint> e = endpointOf(f.path());
            if (e.isPresent()) {
                WireResult<?> r = client.fetch(e.get(), f.path()).join();
                if (!"ok".equals(f.expect()) || DazzleClient.bodyType(e.get()).getRawClass() == f.typeClass()) {
                    assertKind(f, r);
                }
                panelGetsValueOrClearError(e.get(), f, r);
                // the monitor's lean poll: the same result, minus the outbox rows no panel shows
                WireResult<?> polled = client.poll(e.get(), f.path()).join();
                assertThat(polled.isOk()).as(f.toString()).isEqualTo(r.isOk());
                if (r.isOk() && e.get() == Endpoint.OUTBOX) {
                    var full = (com.dazzleops.model.events.OutboxResponse) r.valueIfOk().orElseThrow();
                    var lean = (com.dazzleops.model.events.OutboxResponse) polled.valueIfOk().orElseThrow();
                    assertThat(lean.stats()).as(f.toString()).isEqualTo(full.stats());
                } else if (r.isOk()) {
                    assertThat(polled).as(f.toString()).isEqualTo(r);
                } else {
                    assertThat(polled.failure().get().kind()).isEqualTo(r.failure().get().kind());
                }
                panelGetsValueOrClearError(e.get(), f, polled);
            }
        }));
    }

    private static void assertKind(Fixtures.Fixture f, WireResult<?> r) {
        if ("ok".equals(f.expect())) {
            assertThat(r.isOk()).as(f + ": " + r).isTrue();
        } else {
            assertThat(r.failure()).as(f.toString()).isPresent();
            assertThat(r.failure().get().kind().name()).as(f + ": " + r).isEqualTo(f.expect());
            assertThat(r.failure().get().message()).as(f.toString()).isNotBlank();
        }
    }

    /** The check fed by this endpoint shows a value and, when it is not OK, says why. */
    private static void panelGetsValueOrClearError(Endpoint e, Fixtures.Fixture f, WireResult<?> r) {
        Map<Endpoint, EndpointResult> results = new EnumMap<>(Endpoint.class);
        results.put(e, new EndpointResult(e, f.path(), r, Instant.parse("2026-08-22T09:30:00Z"), Duration.ofMillis(3)));
        ServerSnapshot s = new ServerSnapshot(ServerProfile.create("x", "http://h:1", Environment.DEV),
                ServerStatus.UP, "", Instant.parse("2026-08-22T09:30:00Z"), Optional.empty(), false, 0, Duration.ZERO,
                Capabilities.unknown(Instant.EPOCH), results, Map.of(), List.of());
        List<Check> checks = HealthChecks.evaluate(s);
        assertThat(checks).hasSize(CheckId.values().length);
        for (Check c : checks) {
            assertThat(c.value()).as(f + " " + c.id()).isNotBlank();
            if (c.level() != com.dazzleops.console.core.checks.CheckLevel.OK) {
                assertThat(c.detail()).as(f + " " + c.id()).isNotBlank();
            }
        }
        // typed panel accessors never throw either
        s.appHealth();
        s.ready();
        s.outbox();
        s.consumers();
        s.dlq();
        s.jobs();
        s.jobRuns();
        s.approvals();
        s.stats();
        s.oldestPendingAge();
        r.failure().ifPresent(fail -> assertThat(fail.message()).isNotBlank());
    }

    @Test
    void unreachableServerIsAValueNotAnException() {
        DazzleClient dead = new DazzleClient(ServerProfile.create("dead", "http://127.0.0.1:1", Environment.DEV),
                transport, Duration.ofSeconds(2), java.time.Clock.systemUTC());
        WireResult<?> r = dead.ready();
        assertThat(r.failure()).get().extracting(WireResult.Failure::kind).isEqualTo(WireResult.Kind.UNREACHABLE);
        assertThat(r.failure().get().message()).contains("refused");
    }

    @Test
    void htmlAndRedirectsAndGarbageAreClearErrors() {
        ROUTES.answer("/_dazzle/stats", 200, "<html><body>login</body></html>");
        assertThat(client.stats().failure()).get().extracting(WireResult.Failure::kind).isEqualTo(WireResult.Kind.MALFORMED);
        ROUTES.answer("/_dazzle/stats", 307, "");
        assertThat(client.stats().failure()).get().extracting(WireResult.Failure::message).asString().contains("redirected");
        ROUTES.answer("/_dazzle/stats", 200, "null");
        assertThat(client.stats().failure()).get().extracting(WireResult.Failure::kind).isEqualTo(WireResult.Kind.MALFORMED);
    }

    @Test
    void requestsCarryJsonAcceptNoHtmxAndAuthOnlyForAdminRoutes() throws Exception {
        ServerProfile p = ServerProfile.create("auth", server.url(), Environment.DEV)
                .withAuth(new com.dazzleops.console.core.servers.Auth.Bearer("tok"));
        DazzleClient c = new DazzleClient(p, transport);
        int before = server.requests().size();
        c.ready();
        c.jobRunsCrud("/jobruns", 5, "running");
        var reqs = server.requests().subList(before, server.requests().size());
        assertThat(reqs).hasSize(2);
        var ready = reqs.get(0);
        assertThat(ready.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(ready.getHeaders().get("HX-Request")).isNull();
        assertThat(ready.getHeaders().get("Accept-Encoding")).isEqualTo("identity");
        assertThat(ready.getHeaders().get("Authorization")).isNull();
        var crud = reqs.get(1);
        assertThat(crud.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
        assertThat(crud.getTarget()).isEqualTo("/jobruns?page=1&page_size=5&sort=created_at&dir=desc&filter%5Bstatus%5D=running");
    }
}
