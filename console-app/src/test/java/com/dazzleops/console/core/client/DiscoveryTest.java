package com.dazzleops.console.core.client;

import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.testing.FixtureServer;
import com.dazzleops.console.core.testing.Routes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest {

    @Test
    void server0_112WithJobsApprovalsEventsAndIntegrations() {
        Routes r = Routes.healthy()
                .answer("/spec", 200, "{\"name\":\"invoice_ops\",\"integrations\":[{\"name\":\"payment_provider\"}]}")
                .fixture("/_dazzle/audit/stats", "ops/audit-stats/example.json");
        try (FixtureServer s = new FixtureServer(r); OkHttpTransport t = new OkHttpTransport()) {
            Capabilities c = new DazzleClient(ServerProfile.create("new", s.url(), Environment.DEV), t).discover();
            assertThat(c.jobsExplorer()).isEqualTo(Feature.PRESENT);
            assertThat(c.jobRunsPath()).contains("/jobruns");
            assertThat(c.legacyJobRuns()).isFalse();
            assertThat(c.approvals()).isEqualTo(Feature.PRESENT);
            assertThat(c.events()).isEqualTo(EventsState.ACTIVE);
            assertThat(c.integrations()).containsExactly("payment_provider");
            assertThat(c.audit()).isEqualTo(Feature.PRESENT);
            assertThat(c.auditNeedsAuth()).isFalse();
            assertThat(c.version()).contains("0.112.0");
        }
    }

    @Test
    void server0_71HasApiJobrunsAndNoJobsExplorer() {
        Routes r = new Routes()
                .fixture("/_dazzle/ready", "ops/ready/ready.json")
                .fixture("/_dazzle/jobs", "ops/jobs/status-0.71-404.json")
                .fixture("/jobruns", "ops/jobruns/0.71-jobruns-404.json")
                .fixture("/api/jobruns", "ops/jobruns/api-0.71.json")
                .fixture("/_dazzle/events/status", "events/status/internal-error-500.json")
                .fixture("/_dazzle/audit/stats", "ops/audit-stats/admin-access-required.json");
        try (FixtureServer s = new FixtureServer(r); OkHttpTransport t = new OkHttpTransport()) {
            Capabilities c = new DazzleClient(ServerProfile.create("old", s.url(), Environment.DEV), t).discover();
            assertThat(c.jobsExplorer()).isEqualTo(Feature.ABSENT);
            assertThat(c.jobRunsPath()).contains("/api/jobruns");
            assertThat(c.legacyJobRuns()).isTrue();
            assertThat(c.hasJobRuns()).isTrue();
            assertThat(c.approvals()).isEqualTo(Feature.ABSENT);
            assertThat(c.events()).isEqualTo(EventsState.BROKEN);
            assertThat(c.integrations()).isEmpty();
            assertThat(c.auditNeedsAuth()).isTrue();
            assertThat(s.requests()).anyMatch(q -> q.getTarget().startsWith("/api/jobruns"));
        }
    }

    @Test
    void jobRunsBehindAuthAreStillDiscovered() {
        Routes r = new Routes().fixture("/jobruns", "ops/jobruns/authentication-required.json")
                .fixture("/_dazzle/events/status", "events/status/inactive.json");
        try (FixtureServer s = new FixtureServer(r); OkHttpTransport t = new OkHttpTransport()) {
            Capabilities c = new DazzleClient(ServerProfile.create("auth", s.url(), Environment.DEV), t).discover();
            assertThat(c.jobRunsPath()).contains("/jobruns");
            assertThat(c.jobRunsNeedAuth()).isTrue();
            assertThat(c.events()).isEqualTo(EventsState.INACTIVE);
            assertThat(c.jobsExplorer()).isEqualTo(Feature.ABSENT);
        }
    }
}
