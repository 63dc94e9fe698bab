package com.dazzleops.server;

import com.dazzleops.model.json.Wire;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Approval quorum on the approve transition, state-machine guards, CRUD list semantics, audit entries, auth. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalsAuditCrudTest {

    private TestServer s;
    private String requester;
    private String approver;
    private String approver2;
    private String finance;
    private String admin;

    @BeforeAll
    void boot() {
        s = TestServer.start();
        requester = s.login("requester@demo.dazzle.local");
        approver = s.login("approver@demo.dazzle.local");
        approver2 = s.login("drew.okafor@northwind.example");
        finance = s.login("finance@demo.dazzle.local");
        admin = s.login("admin@demo.dazzle.local");
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private String submitted(String number, String amount) {
        TestServer.Reply c = s.send("POST", "/invoices", "{\"invoice_number\":\"" + number + "\",\"supplier\":\"2b000000-0000-4000-8000-000000000002\",\"amount\":\"" + amount + "\"}", requester);
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        assertThat(c.json().get("status").asText()).isEqualTo("draft");
        assertThat(c.json().get("tenant_id").asText()).isEqualTo("1a000000-0000-4000-8000-000000000001");
        String id = c.json().get("id").asText();
        assertThat(s.send("PUT", "/invoices/" + id, "{\"status\":\"submitted\"}", requester).status()).isEqualTo(200);
        return id;
    }

    @Test
    void standardApprovalNeedsOneApprover() {
        String id = submitted("APPR-STD", "10000.00"); // equal to the threshold: standard band (<=)
        TestServer.Reply r = s.send("PUT", "/invoices/" + id, "{\"status\":\"approved\"}", approver);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("approved");
    }

    @Test
    void highValueApprovalNeedsTwoDistinctApprovers() {
        String id = submitted("APPR-HIGH", "10000.01");
        TestServer.Reply first = s.send("PUT", "/invoices/" + id, "{\"status\":\"approved\"}", approver);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().get("status").asText()).isEqualTo("submitted");
        assertThat(first.header("X-Dazzle-Approval")).contains("HighValueApproval: 1 of 2");

        JsonNode pending = s.get("/_dazzle/approvals/pending?limit=100").json();
        List<String> highIds = new ArrayList<>();
        pending.get("approvals").get(1).get("sample_ids").forEach(n -> highIds.add(n.asText()));
        assertThat(pending.get("approvals").get(1).get("name").asText()).isEqualTo("HighValueApproval");
        assertThat(highIds).contains(id);

        TestServer.Reply again = s.send("PUT", "/invoices/" + id, "{\"status\":\"approved\"}", approver);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("detail").asText()).contains("already approved");

        TestServer.Reply second = s.send("PUT", "/invoices/" + id, "{\"status\":\"approved\"}", approver2);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("status").asText()).isEqualTo("approved");
        JsonNode after = s.get("/_dazzle/approvals/pending?limit=100").json();
        assertThat(after.get("approvals").get(1).get("sample_ids").toString()).doesNotContain(id);
        assertThat(after.get("total_pending").asLong()).isEqualTo(
                after.get("approvals").get(0).get("count").asLong() + after.get("approvals").get(1).get("count").asLong());
    }

    @Test
    void guardsRejectWrongRolesMissingReasonsAndUndeclaredTransitions() {
        String id = submitted("GUARDS", "120.00");
        TestServer.Reply byFinance = s.send("PUT", "/invoices/" + id, "{\"status\":\"approved\"}", finance);
        assertThat(byFinance.status()).isEqualTo(422);
        assertThat(byFinance.json().get("detail").asText()).contains("requires role: approver");
        TestServer.Reply noReason = s.send("PUT", "/invoices/" + id, "{\"status\":\"rejected\"}", approver);
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.json().get("detail").asText()).contains("rejection_reason");
        TestServer.Reply jump = s.send("PUT", "/invoices/" + id, "{\"status\":\"paid\"}", finance);
        assertThat(jump.status()).isEqualTo(422);
        assertThat(jump.json().get("detail").asText()).isEqualTo("Invalid transition from 'submitted' to 'paid'");
        TestServer.Reply reject = s.send("PUT", "/invoices/" + id, "{\"status\":\"rejected\",\"rejection_reason\":\"Duplicate\"}", approver);
        assertThat(reject.status()).isEqualTo(200);
        assertThat(reject.json().get("status").asText()).isEqualTo("rejected");
        assertThat(s.send("PUT", "/invoices/" + id, "{\"status\":\"rejected\"}", approver).status()).isEqualTo(200); // same state: no-op
    }

    @Test
    void writesAreAuditedWithFieldChangesAndDenialsAreRecorded() {
        String id = submitted("AUDITED", "75.00");
        s.send("PUT", "/invoices/" + id, "{\"status\":\"paid\"}", finance); // denied transition
        JsonNode logs = s.get("/_dazzle/audit/logs/Invoice/" + id, admin).json();
        assertThat(logs.get("count").asInt()).isEqualTo(3);
        JsonNode newest = logs.get("logs").get(0);
        assertThat(newest.get("decision").asText()).isEqualTo("deny");
        JsonNode update = logs.get("logs").get(1);
        assertThat(update.get("operation").asText()).isEqualTo("update");
        assertThat(update.get("user_email").asText()).isEqualTo("requester@demo.dazzle.local");
        assertThat(update.get("user_roles").asText()).isEqualTo("[\"requester\"]");
        assertThat(update.get("request_method").asText()).isEqualTo("PUT");
        assertThat(update.get("request_path").asText()).isEqualTo("/invoices/" + id);
        assertThat(update.get("field_changes").asText()).startsWith("{\"status\": {\"new\": \"submitted\", \"old\": \"draft\"}");
        assertThat(logs.get("logs").get(2).get("operation").asText()).isEqualTo("create");

        JsonNode filtered = s.get("/_dazzle/audit/logs?entity=Invoice&operation=create&limit=1", admin).json();
        assertThat(filtered.get("count").asInt()).isEqualTo(1);
        assertThat(filtered.get("logs").get(0).get("operation").asText()).isEqualTo("create");
        JsonNode stats = s.get("/_dazzle/audit/stats?entity=Invoice", admin).json();
        assertThat(stats.get("by_decision").get("deny").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("total").asLong()).isEqualTo(stats.get("by_decision").get("allow").asLong() + stats.get("by_decision").get("deny").asLong());
    }

    @Test
    void authOrderingFollowsDazzle() {
        assertThat(s.get("/_dazzle/audit/logs?limit=0").status()).isEqualTo(401);          // session before validation
        assertThat(s.get("/_dazzle/audit/logs?limit=0", requester).status()).isEqualTo(422); // validation before superuser
        assertThat(s.get("/_dazzle/audit/logs", requester).body()).isEqualTo("{\"detail\":\"Admin access required\"}");
        TestServer.Reply bad = s.send("POST", "/auth/login", "{\"email\":\"admin@demo.dazzle.local\",\"password\":\"nope\"}", null);
        assertThat(bad.status()).isEqualTo(401);
        assertThat(s.get("/_diagnostics", admin).json().get("dsl_hash").asText()).isEqualTo(s.server.appSpec().dslHash());
    }

    @Test
    void bearerTokenWorksOnCrudAndLogoutEndsTheSession() throws Exception {
        TestServer.Reply login = s.send("POST", "/auth/login", "{\"email\":\"auditor@demo.dazzle.local\",\"password\":\"demo\"}", null);
        String token = login.json().get("access_token").asText();
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.server.baseUrl() + "/jobruns"))
                .header("Authorization", "Bearer " + token).build();
        var resp = s.http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        String cookie = s.login("auditor@demo.dazzle.local");
        assertThat(s.get("/auth/me", cookie).status()).isEqualTo(200);
        s.send("POST", "/auth/logout", null, cookie);
        assertThat(s.get("/auth/me", cookie).body()).isEqualTo("{\"detail\":\"Session expired\"}");
    }

    @Test
    void listSupportsFiltersSortPagingSearchAndDropsBadValues() {
        JsonNode all = s.get("/invoices?page_size=100", admin).json();
        long total = all.get("total").asLong();
        JsonNode submitted = s.get("/invoices?filter[status]=submitted&page_size=100", admin).json();
        assertThat(submitted.get("total").asLong()).isLessThan(total);
        submitted.get("items").forEach(i -> assertThat(i.get("status").asText()).isEqualTo("submitted"));
        // an invalid enum value is dropped: the list is unfiltered
        assertThat(s.get("/invoices?filter[status]=queued&page_size=1", admin).json().get("total").asLong()).isEqualTo(total);
        JsonNode big = s.get("/invoices?filter[amount__gt]=9000&sort=amount&dir=desc&page_size=3", admin).json();
        List<Double> amounts = new ArrayList<>();
        big.get("items").forEach(i -> amounts.add(Double.parseDouble(i.get("amount").asText())));
        assertThat(amounts).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(amounts.get(0)).isGreaterThan(9000.0);
        JsonNode page2 = s.get("/invoices?page=2&page_size=5&sort=created_at", admin).json();
        assertThat(page2.get("page").asInt()).isEqualTo(2);
        assertThat(page2.get("items")).hasSize(5);
        JsonNode search = s.get("/invoices?q=NW-2026-04&page_size=100", admin).json();
        assertThat(search.get("total").asLong()).isEqualTo(5);
        JsonNode in = s.get("/invoices?filter[currency__in]=EUR,USD&page_size=100", admin).json();
        assertThat(in.get("total").asLong()).isEqualTo(11);
        // tenant scope: Northwind's requester never sees Contoso
        JsonNode scoped = s.get("/invoices?page_size=100", requester).json();
        scoped.get("items").forEach(i -> assertThat(i.get("tenant_id").asText()).isEqualTo("1a000000-0000-4000-8000-000000000001"));
        assertThat(s.get("/invoices/3c000000-0000-4000-8000-000000000011", requester).status()).isEqualTo(404);
        TestServer.Reply csv = s.get("/invoices?format=csv&page_size=2", admin);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("id,tenant_id,invoice_number,");
    }

    @Test
    void createValidatesLikePydanticAndPermitsAreEnforced() throws Exception {
        TestServer.Reply missing = s.send("POST", "/invoices", "{\"supplier\":\"2b000000-0000-4000-8000-000000000001\",\"amount\":\"x\"}", requester);
        assertThat(missing.status()).isEqualTo(422);
        JsonNode detail = missing.json().get("detail");
        List<String> types = new ArrayList<>();
        detail.forEach(d -> types.add(d.get("type").asText() + "@" + d.get("loc").get(1).asText()));
        assertThat(types).contains("decimal_parsing@amount", "missing@invoice_number");
        TestServer.Reply forbidden = s.send("POST", "/invoices", "{\"invoice_number\":\"X\",\"supplier\":\"2b000000-0000-4000-8000-000000000001\",\"amount\":\"1.00\"}", finance);
        assertThat(forbidden.status()).isEqualTo(403);
        JsonNode d = forbidden.json().get("detail");
        assertThat(Wire.write(d)).isEqualTo("{\"error\":\"forbidden\",\"message\":\"You don't have permission to create Invoice.\",\"entity\":\"Invoice\",\"operation\":\"create\",\"permitted_personas\":[\"requester\"],\"current_roles\":[\"finance\"]}");
        assertThat(s.send("DELETE", "/jobruns/00000000-0000-4000-8000-000000000000", null, admin).status()).isEqualTo(404);
    }
}
