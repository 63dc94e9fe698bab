package com.dazzleops.model.events;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.fixtures.Fixtures.Fixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route of wire-events §1 has fixtures: its contract example, its inactive body, and its failure modes. */
class EventsFixtureCoverageTest {

    /** The eight routes of wire-events §1, in the contract's order, with the 200 body type and the inactive file. */
    record Endpoint(String method, String template, Pattern path, Class<?> type, String inactiveFixture) {
        static Endpoint of(String method, String template, Class<?> type, String inactiveFixture) {
            String regex = "^" + template.replace("{topic}", "[^/?]+").replace("{event_id}", "[^/?]+")
                    .replace(".", "\\.") + "(\\?.*)?$";
            return new Endpoint(method, template, Pattern.compile(regex), type, inactiveFixture);
        }

        /** Same path, and the route's method (a 405 fixture is the route asked with another method). */
        boolean matches(Fixture f) {
            return (f.method().equals(method) || f.status() == 405) && path.matcher(f.path()).matches();
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.of("GET", "/_dazzle/events/status", EventSystemStatus.class, "events/status/inactive.json"),
            Endpoint.of("GET", "/_dazzle/events/topics", TopicsResponse.class, "events/topics/empty.json"),
            Endpoint.of("GET", "/_dazzle/events/topics/{topic}", EventsResponse.class,
                    "events/topic-events/inactive-empty-page.json"),
            Endpoint.of("GET", "/_dazzle/events/event/{event_id}", EventDetail.class,
                    "events/event-detail/not-found-null.json"),
            Endpoint.of("GET", "/_dazzle/events/consumers", ConsumersResponse.class,
                    "events/consumers/dazzle-always-empty.json"),
            Endpoint.of("GET", "/_dazzle/events/outbox", OutboxResponse.class, "events/outbox/inactive-zero-stats.json"),
            Endpoint.of("GET", "/_dazzle/events/dlq", DLQResponse.class, "events/dlq/empty.json"),
            Endpoint.of("POST", "/_dazzle/events/dlq/{event_id}/replay", ReplayResult.class,
                    "events/replay/not-running.json"));

    private static List<Fixture> fixturesOf(Endpoint e) {
        return Fixtures.area("events").stream().filter(e::matches).toList();
    }

    private static Optional<Endpoint> endpointOf(Fixture f) {
        // the literal /topics must not swallow /topics/{topic}: the regexes are anchored, so at most one matches
        return ENDPOINTS.stream().filter(e -> e.matches(f)).findFirst();
    }

    @Test
    void everyEndpointHasARoundTrippingContractExampleOfItsType() {
        for (Endpoint e : ENDPOINTS) {
            List<Fixture> fs = fixturesOf(e);
            assertThat(fs).as("fixtures of %s %s", e.method(), e.template()).isNotEmpty();
            assertThat(fs).as("contract example of %s", e.template())
                    .anySatisfy(f -> {
                        assertThat(f.status()).isEqualTo(200);
                        assertThat(f.typeClass()).isEqualTo(e.type());
                        assertThat(f.roundTrip()).isTrue();
                        assertThat(f.expect()).isEqualTo("ok");
                    });
        }
    }

    @Test
    void everyEndpointHasItsInactiveBody() {
        for (Endpoint e : ENDPOINTS) {
            Fixture f = Fixtures.byResource(e.inactiveFixture());
            assertThat(e.matches(f)).as("%s belongs to %s", f, e.template()).isTrue();
            assertThat(f.status()).isEqualTo(200);
            assertThat(f.roundTrip()).isTrue();
        }
    }

    @Test
    void everyEndpointHasAFailureFixtureTheConsoleMustSurvive() {
        for (Endpoint e : ENDPOINTS) {
            assertThat(fixturesOf(e)).as("non-2xx fixture of %s", e.template())
                    .anySatisfy(f -> assertThat(f.status()).isGreaterThanOrEqualTo(400));
        }
    }

    @Test
    void everyFixtureBelongsToADeclaredEndpointOrIsTheUnknownRoute() {
        List<String> stray = new ArrayList<>();
        for (Fixture f : Fixtures.area("events")) {
            if (endpointOf(f).isEmpty() && !f.file().startsWith("unknown-route/")) {
                stray.add(f.resource() + " " + f.method() + " " + f.path());
            }
        }
        assertThat(stray).isEmpty();
    }

    @Test
    void twoHundredFixturesUseTheirEndpointsBodyType() {
        for (Fixture f : Fixtures.area("events")) {
            if (f.status() == 200) {
                Endpoint e = endpointOf(f).orElseThrow();
                assertThat(f.typeClass()).as("%s", f).isEqualTo(e.type());
            } else {
                assertThat(f.type()).as("%s", f).isEqualTo("com.dazzleops.model.errors.ErrorBody");
            }
        }
    }

    @Test
    void theEventsAreaHasAllItsFixtures() {
        assertThat(Fixtures.area("events")).hasSizeGreaterThanOrEqualTo(56);
        assertThat(ENDPOINTS).hasSize(8);
    }
}
