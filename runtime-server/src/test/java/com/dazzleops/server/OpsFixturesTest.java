package com.dazzleops.server;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ops endpoint against the shared-model golden fixtures: data-free answers (errors, live, ready, ...) byte for
 * byte; data-carrying answers structurally (same keys in the same order, same JSON types) and through the fixture's
 * record type (our body reads as the console would read it and re-serialises to exactly the same bytes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsFixturesTest {

    private TestServer s;
    private String admin;
    private String auditor;

    @BeforeAll
    void boot() throws Exception {
        s = TestServer.start();
        admin = s.login("admin@demo.dazzle.local");
        auditor = s.login("auditor@demo.dazzle.local");
        // data for the data-carrying endpoints: one job run, one audited write, one integration call
        s.server.jobs().submit("reconcile_payments", Map.of("scheduled_at", "2026-11-25T00:00:00+00:00"));
        s.server.jobs().runDue();
        String req = s.login("requester@demo.dazzle.local");
        TestServer.Reply created = s.send("POST", "/invoices", "{\"invoice_number\":\"T-1\",\"supplier\":\"2b000000-0000-4000-8000-000000000001\",\"amount\":\"10.50\"}", req);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        s.server.integrations().chargeCard("3c000000-0000-4000-8000-000000000005", new java.math.BigDecimal("6400.00"), "GBP");
    }

    @AfterAll
    void stop() {
        s.close();
    }

    /** Requests whose answer has no data in it: status and body byte for byte. */
    @TestFactory
    Stream<DynamicTest> dataFreeAnswersMatchFixturesExactly() {
        record Case(String fixture, String method, String path, String who) {
        }
        List<Case> cases = List.of(
                new Case("ops/errors/not-found.json", "GET", "/_dazzle/nope", null),
                new Case("ops/errors/method-not-allowed.json", "POST", "/_dazzle/health", null),
                new Case("ops/errors/not-authenticated.json", "GET", "/_dazzle/audit/logs", null),
                new Case("ops/errors/limit-ge.json", "GET", "/_dazzle/audit/logs?limit=0", "admin"),
                new Case("ops/errors/limit-int-parsing.json", "GET", "/_dazzle/audit/logs?limit=abc", "admin"),
                new Case("ops/live/alive.json", "GET", "/_dazzle/live", null),
                new Case("ops/ready/ready.json", "GET", "/_dazzle/ready", null),
                new Case("ops/entity/invalid-name.json", "GET", "/_dazzle/entity/bad-name", null),
                new Case("ops/entity/not-found.json", "GET", "/_dazzle/entity/invoice", null),
                new Case("ops/diagnostics/not-authenticated.json", "GET", "/_diagnostics", null),
                new Case("ops/diagnostics/session-expired.json", "GET", "/_diagnostics", "bogus"),
                new Case("ops/diagnostics/admin-role-required.json", "GET", "/_diagnostics", "auditor"),
                new Case("ops/audit-logs/not-authenticated.json", "GET", "/_dazzle/audit/logs", null),
                new Case("ops/audit-logs/session-expired.json", "GET", "/_dazzle/audit/logs", "bogus"),
                new Case("ops/audit-logs/admin-access-required.json", "GET", "/_dazzle/audit/logs", "auditor"),
                new Case("ops/audit-logs/limit-0.json", "GET", "/_dazzle/audit/logs?limit=0", "auditor"),
                new Case("ops/audit-logs/limit-1001.json", "GET", "/_dazzle/audit/logs/Invoice/x?limit=1001", "admin"),
                new Case("ops/audit-logs/empty.json", "GET", "/_dazzle/audit/logs/Invoice/no-such-id", "admin"),
                new Case("ops/audit-stats/window-721.json", "GET", "/_dazzle/audit/stats?window=721", "admin"),
                new Case("ops/audit-stats/admin-access-required.json", "GET", "/_dazzle/audit/stats", "auditor"),
                new Case("ops/jobs/runs-limit-101.json", "GET", "/_dazzle/jobs/runs?limit=101", null),
                new Case("ops/jobs/runs-limit-abc.json", "GET", "/_dazzle/jobs/runs?limit=abc", null),
                new Case("ops/jobruns/by-id-404.json", "GET", "/jobruns/00000000-0000-4000-8000-000000000000", "admin"),
                new Case("ops/jobruns/authentication-required.json", "GET", "/jobruns", null),
                new Case("ops/jobruns/invalid-format.json", "GET", "/jobruns?format=xml", "admin"),
                new Case("ops/jobruns/page-size-0.json", "GET", "/jobruns?page_size=0", "admin"),
                new Case("ops/approvals/limit-0.json", "GET", "/_dazzle/approvals/pending?limit=0", null),
                new Case("ops/retries/undeclared-404.json", "GET", "/_dazzle/integrations/stripe/retries", null),
                new Case("ops/retries/limit-201.json", "GET", "/_dazzle/integrations/payment_provider/retries?limit=201", null));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.fixture() + " <- " + c.method() + " " + c.path(), () -> {
            Fixtures.Fixture f = Fixtures.byResource(c.fixture());
            String cookie = c.who() == null ? null : switch (c.who()) {
                case "admin" -> admin;
                case "auditor" -> auditor;
                default -> "dazzle_session=expired-or-made-up";
            };
            TestServer.Reply r = s.send(c.method(), c.path(), null, cookie);
            assertThat(r.status()).as(r.body()).isEqualTo(f.status());
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.body()).isEqualTo(f.body().strip());
        }));
    }

    /** Answers with data: structure and record round trip. */
    @TestFactory
    Stream<DynamicTest> dataAnswersHaveTheFixturesShape() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("ops/health/ok.json", "/_dazzle/health");
        cases.put("ops/stats/example.json", "/_dazzle/stats");
        cases.put("ops/spec/example.json", "/_dazzle/spec");
        cases.put("ops/entity/supplier.json", "/_dazzle/entity/Supplier");
        cases.put("ops/entity/invoice-sample.json", "/_dazzle/entity/Invoice");
        cases.put("ops/tables/example.json", "/_dazzle/tables");
        cases.put("ops/root-health/example.json", "/health");
        cases.put("ops/db-info/files-and-migration.json", "/db-info");
        cases.put("ops/diagnostics/example.json", "/_diagnostics");
        cases.put("ops/audit-logs/example.json", "/_dazzle/audit/logs?entity=Invoice&limit=1");
        cases.put("ops/audit-stats/example.json", "/_dazzle/audit/stats");
        cases.put("ops/jobs/status.json", "/_dazzle/jobs");
        cases.put("ops/jobs/runs.json", "/_dazzle/jobs/runs?limit=1");
        cases.put("ops/jobruns/example.json", "/jobruns?sort=created_at&dir=desc");
        cases.put("ops/approvals/example.json", "/_dazzle/approvals/pending");
        cases.put("ops/retries/example.json", "/_dazzle/integrations/payment_provider/retries");
        return cases.entrySet().stream().map(en -> DynamicTest.dynamicTest(en.getKey() + " <- " + en.getValue(), () -> {
            Fixtures.Fixture f = Fixtures.byResource(en.getKey());
            TestServer.Reply r = s.get(en.getValue(), admin);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            JsonNode ours = r.json();
            List<String> problems = new ArrayList<>();
            sameShape("$", Fixtures.tree(f.resource()), ours, problems);
            assertThat(problems).as("shape of %s vs %s", en.getValue(), f.resource()).isEmpty();
            Object value = Wire.read(r.body(), f.typeClass());
            assertThat(Wire.write(value)).as("round trip through %s", f.type()).isEqualTo(r.body());
        }));
    }

    /** Keys of maps whose keys are data (not record fields). */
    private static final Set<String> DATA_KEYED = Set.of("runs_by_status", "by_decision", "by_operation", "sample");

    static void sameShape(String path, JsonNode expected, JsonNode actual, List<String> problems) {
        if (expected == null || expected.isNull() || actual == null || actual.isNull()) {
            return; // nullable either way: both sides allow null for optional values
        }
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.isIntegralNumber() != actual.isIntegralNumber() && !path.endsWith("uptime_seconds")) {
                problems.add(path + ": number kind " + expected.getNodeType() + " vs " + actual.getNodeType()
                        + " (" + expected + " / " + actual + ")");
            }
            return;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            problems.add(path + ": " + expected.getNodeType() + " expected, got " + actual.getNodeType());
            return;
        }
        String leaf = path.substring(path.lastIndexOf('.') + 1).replace("[]", "");
        if (expected.isObject()) {
            if (DATA_KEYED.contains(leaf)) {
                return;
            }
            List<String> ek = new ArrayList<>();
            expected.fieldNames().forEachRemaining(ek::add);
            List<String> ak = new ArrayList<>();
            actual.fieldNames().forEachRemaining(ak::add);
            if (!ek.equals(ak)) {
                problems.add(path + ": keys " + ek + " expected, got " + ak);
                return;
            }
            for (String k : ek) {
                sameShape(path + "." + k, expected.get(k), actual.get(k), problems);
            }
        } else if (expected.isArray() && expected.size() > 0) {
            if (DATA_KEYED.contains(leaf)) {
                return;
            }
            // elements may omit optional keys (e.g. max_length): compare each against the union of fixture keys
            Set<String> union = new LinkedHashSet<>();
            Set<String> always = null;
            for (JsonNode e : expected) {
                if (e.isObject()) {
                    Set<String> ks = new LinkedHashSet<>();
                    e.fieldNames().forEachRemaining(ks::add);
                    union.addAll(ks);
                    if (always == null) {
                        always = new LinkedHashSet<>(ks);
                    } else {
                        always.retainAll(ks);
                    }
                }
            }
            int i = 0;
            for (Iterator<JsonNode> it = actual.elements(); it.hasNext(); i++) {
                JsonNode a = it.next();
                if (a.isObject() && always != null) {
                    Set<String> ks = new LinkedHashSet<>();
                    a.fieldNames().forEachRemaining(ks::add);
                    if (!union.containsAll(ks) || !ks.containsAll(always)) {
                        problems.add(path + "[" + i + "]: keys " + ks + " not within " + union + " / missing some of " + always);
                        continue;
                    }
                    JsonNode model = expected.get(0);
                    for (JsonNode e : expected) {
                        if (e.size() >= model.size()) {
                            model = e;
                        }
                    }
                    for (String k : ks) {
                        sameShape(path + "[]." + k, model.get(k), a.get(k), problems);
                    }
                } else {
                    sameShape(path + "[]", expected.get(0), a, problems);
                }
            }
        }
    }

    @Test
    void theShapeCheckCatchesKeyOrderTypeAndMissingKeys() throws Exception {
        var m = Wire.mapper();
        List<String> p = new ArrayList<>();
        sameShape("$", m.readTree("{\"a\":1,\"b\":\"x\"}"), m.readTree("{\"b\":\"x\",\"a\":1}"), p);
        sameShape("$", m.readTree("{\"a\":1}"), m.readTree("{\"a\":\"1\"}"), p);
        sameShape("$", m.readTree("{\"a\":[{\"k\":1,\"v\":2}]}"), m.readTree("{\"a\":[{\"k\":1}]}"), p);
        sameShape("$", m.readTree("{\"a\":1.5}"), m.readTree("{\"a\":2}"), p);
        assertThat(p).hasSize(4);
        List<String> none = new ArrayList<>();
        sameShape("$", m.readTree("{\"a\":null,\"runs_by_status\":{\"x\":1}}"), m.readTree("{\"a\":\"v\",\"runs_by_status\":{}}"), none);
        assertThat(none).isEmpty();
    }

    @Test
    void headIsMethodNotAllowedEverywhere() {
        for (String p : List.of("/_dazzle/health", "/_dazzle/live", "/_dazzle/metrics", "/_dazzle/jobs")) {
            assertThat(s.send("HEAD", p, null, null).status()).as(p).isEqualTo(405);
        }
    }

    @Test
    void trailingSlashRedirectsToTheRealRouteOnly() {
        TestServer.Reply r = s.get("/_dazzle/jobs/?x=1");
        assertThat(r.status()).isEqualTo(307);
        assertThat(r.header("Location")).isEqualTo(s.server.baseUrl() + "/_dazzle/jobs?x=1");
        assertThat(s.get("/_dazzle/nothing-here/").status()).isEqualTo(404);
    }

    @Test
    void emptyRetriesAndEntityCountsAreExact() {
        TestServer.Reply stats = s.get("/_dazzle/stats");
        JsonNode inv = null;
        for (JsonNode e : stats.json().get("entities")) {
            if (e.get("name").asText().equals("Invoice")) {
                inv = e;
            }
        }
        assertThat(inv).isNotNull();
        assertThat(inv.get("count").asLong()).isEqualTo(22); // 21 seeded + 1 created in boot()
        long sum = 0;
        for (JsonNode e : stats.json().get("entities")) {
            sum += e.get("count").asLong();
        }
        assertThat(stats.json().get("total_records").asLong()).isEqualTo(sum);
    }
}
