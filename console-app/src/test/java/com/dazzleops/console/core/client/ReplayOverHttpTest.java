package com.dazzleops.console.core.client;

import com.dazzleops.console.core.servers.Auth;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.testing.FixtureServer;
import com.dazzleops.console.core.testing.Routes;
import com.dazzleops.model.events.ReplayResult;
import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.WireResult;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** DLQ replay over real HTTP against every POST fixture: the request Dazzle's CSRF layer admits, every answer read. */
class ReplayOverHttpTest {

    static final String EVENT = "6f2d8b1a-4c3e-4a9f-b2d1-8e7c6a5b4d3c";
    static final Routes ROUTES = new Routes();
    static FixtureServer server;
    static OkHttpTransport transport;

    @BeforeAll
    static void start() {
        server = new FixtureServer(ROUTES);
        transport = new OkHttpTransport();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    static Stream<Fixtures.Fixture> replayFixtures() {
        List<Fixtures.Fixture> all = Fixtures.all().stream().filter(f -> "POST".equals(f.method())
                && f.path().startsWith("/_dazzle/events/dlq/")).toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(8);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replayFixtures")
    void everyReplayAnswerIsReadWithoutThrowing(Fixtures.Fixture f) {
        ROUTES.fixture("POST " + f.path().replaceFirst("\\?.*$", ""), f.resource());
        String id = f.path().substring("/_dazzle/events/dlq/".length(), f.path().indexOf("/replay"));
        String group = f.path().contains("group_id=") ? f.path().substring(f.path().indexOf("group_id=") + 9)
                : "projection-InvoiceStatusView";
        DazzleClient client = new DazzleClient(ServerProfile.create("fixtures", server.url(), Environment.DEV), transport);
        WireResult<ReplayResult> r = client.replay(id, group);
        if ("ok".equals(f.expect())) {
            assertThat(r.isOk()).as(f.variant()).isTrue();
            assertThat(r.valueIfOk().orElseThrow().text()).isNotBlank();
        } else {
            assertThat(r.failure()).as(f.variant()).isPresent();
            assertThat(r.failure().orElseThrow().kind().name()).isEqualTo(f.expect());
        }
    }

    @Test
    void theRequestCarriesTheServersOwnOriginAndTheProfilesToken() throws Exception {
        ROUTES.fixture("POST /_dazzle/events/dlq/" + EVENT + "/replay", "events/replay/success.json");
        ServerProfile p = ServerProfile.create("fixtures", server.url(), Environment.PRODUCTION)
                .withAuth(new Auth.Bearer("t0ken"));
        WireResult<ReplayResult> r = new DazzleClient(p, transport).replay(EVENT, "settle invoice/1");
        assertThat(r.valueIfOk().orElseThrow().outcome()).isEqualTo(ReplayResult.Outcome.REPLAYED);
        RecordedRequest req = server.requests().get(server.requests().size() - 1);
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getTarget()).isEqualTo("/_dazzle/events/dlq/" + EVENT + "/replay?group_id=settle+invoice%2F1");
        assertThat(req.getHeaders().get("Origin")).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(req.getHeaders().get("Host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(req.getBody().size()).isZero();
    }

    @Test
    void theOriginLeavesOutTheSchemesDefaultPortAsTheHostHeaderDoes() {
        assertThat(OkHttpTransport.originOf(URI.create("https://ops.example"))).isEqualTo("https://ops.example");
        assertThat(OkHttpTransport.originOf(URI.create("https://ops.example:443"))).isEqualTo("https://ops.example");
        assertThat(OkHttpTransport.originOf(URI.create("http://ops.example:80"))).isEqualTo("http://ops.example");
        assertThat(OkHttpTransport.originOf(URI.create("HTTP://ops.example:8000"))).isEqualTo("http://ops.example:8000");
    }
}
