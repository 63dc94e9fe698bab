package com.dazzleops.server.events;

import com.dazzleops.model.events.ConsumersResponse;
import com.dazzleops.model.events.DLQResponse;
import com.dazzleops.model.events.EventDetail;
import com.dazzleops.model.events.EventSystemStatus;
import com.dazzleops.model.events.EventsResponse;
import com.dazzleops.model.events.OutboxResponse;
import com.dazzleops.model.events.ReplayResult;
import com.dazzleops.model.events.TopicsResponse;
import com.dazzleops.model.json.Wire;
import com.dazzleops.server.RuntimeServer;
import com.dazzleops.server.ServerConfig;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.entity.ListQuery;
import com.dazzleops.server.events.invoice.SettleInvoiceProcess;
import com.dazzleops.server.spi.Actor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.dazzleops.server.events.EventsTestSupport.await;
import static com.dazzleops.server.events.EventsTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/** The events subsystem inside the real runtime server (SQLite, port 0): invoice writes → outbox → bus → consumers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeServerEventsTest {

    Path dir;
    RuntimeServer server;
    HttpClient http = HttpClient.newHttpClient();
    String tenant;
    String supplier;

    @BeforeAll
    void boot() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("events-rt");
        System.setProperty("DAZZLE_EVENTS_RETRY_BACKOFF_MS", "40");
        System.setProperty("DAZZLE_EVENTS_RETRY_BUDGET", "3");
        server = RuntimeServer.start(ServerConfig.builder().port(0).dataDir(dir).workers(false).build());
        Map<String, Object> s = server.entities().list(Actor.SYSTEM, "Supplier", ListQuery.firstPage(1), RequestInfo.NONE)
                .items().get(0);
        supplier = (String) s.get("id");
        tenant = (String) s.get("tenant_id");
    }

    @AfterAll
    void stop() {
        System.clearProperty("DAZZLE_EVENTS_RETRY_BACKOFF_MS");
        System.clearProperty("DAZZLE_EVENTS_RETRY_BUDGET");
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String newApprovedInvoice(String number) throws Exception {
        Map<String, Object> inv = new LinkedHashMap<>();
        inv.put("tenant_id", tenant);
        inv.put("invoice_number", number);
        inv.put("supplier", supplier);
        inv.put("amount", 120.50);
        inv.put("currency", "EUR");
        inv.put("status", "draft");
        String id = (String) server.entities().create(Actor.SYSTEM, "Invoice", Wire.mapper().valueToTree(inv),
                RequestInfo.NONE).get("id");
        server.entities().update(Actor.SYSTEM, "Invoice", id, Wire.mapper().valueToTree(Map.of("status", "submitted")),
                RequestInfo.NONE);
        return id;
    }

    void approve(String id) throws Exception {
        server.entities().update(Actor.SYSTEM, "Invoice", id, Wire.mapper().valueToTree(Map.of("status", "approved")),
                RequestInfo.NONE);
    }

    String status(String invoiceId) {
        try {
            return (String) server.entities().get(Actor.SYSTEM, "Invoice", invoiceId, RequestInfo.NONE).get("status");
        } catch (Exception e) {
            return null;
        }
    }

    EventsResponse eventsOf(String invoiceId) throws Exception {
        return Wire.read(get("/_dazzle/events/topics/invoice_events?limit=100&key=" + invoiceId).body(),
                EventsResponse.class);
    }

    @Test
    void anApprovedInvoiceIsSettledThroughTheBusWithEventsProjectionAndJobRun() throws Exception {
        String id = newApprovedInvoice("EV-OK-1");
        approve(id);
        await(Duration.ofSeconds(20), () -> "paid".equals(status(id)), "invoice paid by settle_invoice");
        await(Duration.ofSeconds(10), () -> {
            try {
                return eventsOf(id).total() == 3;
            } catch (Exception e) {
                return false;
            }
        }, "three events for the invoice");
        EventsResponse page = eventsOf(id);
        assertThat(page.events()).extracting(e -> e.eventType()).containsExactly(
                "app.invoice_events.InvoiceSubmitted", "app.invoice_events.InvoiceApproved",
                "app.invoice_events.InvoicePaid");
        String approvedId = page.events().get(1).eventId();
        EventDetail paid = Wire.read(get("/_dazzle/events/event/" + page.events().get(2).eventId()).body(),
                EventDetail.class);
        assertThat(paid.causationId()).isEqualTo(approvedId);
        assertThat(paid.topic()).isEqualTo("invoice_events");
        assertThat(paid.headers()).containsEntry("tenant_id", tenant);
        assertThat(paid.payload().get("invoice_id").asText()).isEqualTo(id);
        EventDetail approved = Wire.read(get("/_dazzle/events/event/" + approvedId).body(), EventDetail.class);
        assertThat(approved.payload().get("currency").asText()).isEqualTo("EUR");

        var ds = server.database().dataSource();
        await(Duration.ofSeconds(10), () -> count(ds, "SELECT count(*) FROM invoice_status_view WHERE invoice_id = '"
                + id + "' AND status = 'paid'") == 1, "projection shows paid");
        assertThat(count(ds, "SELECT applied_count FROM invoice_status_view WHERE invoice_id = '" + id + "'"))
                .isEqualTo(3);
        assertThat(count(ds, "SELECT count(*) FROM \"JobRun\" WHERE job_name = 'settle_invoice' AND status = 'completed'"
                + " AND payload LIKE '%" + id + "%'")).isEqualTo(1);
        assertThat(count(ds, "SELECT count(*) FROM \"PaymentAttempt\" WHERE invoice = '" + id
                + "' AND status = 'succeeded'")).isEqualTo(1);

        await(Duration.ofSeconds(10), () -> {
            try {
                return Wire.read(get("/_dazzle/events/consumers").body(), ConsumersResponse.class).totalLag() == 0;
            } catch (Exception e) {
                return false;
            }
        }, "lag back to 0");
        ConsumersResponse consumers = Wire.read(get("/_dazzle/events/consumers").body(), ConsumersResponse.class);
        assertThat(consumers.consumers()).extracting(c -> c.groupId())
                .containsExactlyInAnyOrder("projection-InvoiceStatusView", SettleInvoiceProcess.GROUP);
        EventSystemStatus st = Wire.read(get("/_dazzle/events/status").body(), EventSystemStatus.class);
        assertThat(st.running()).isTrue();
        assertThat(st.brokerType()).isEqualTo("SqliteBus");
        assertThat(st.consumersCount()).isEqualTo(2);
        TopicsResponse topics = Wire.read(get("/_dazzle/events/topics").body(), TopicsResponse.class);
        assertThat(topics.topic("invoice_events")).isPresent();
        OutboxResponse outbox = Wire.read(get("/_dazzle/events/outbox").body(), OutboxResponse.class);
        assertThat(outbox.stats().published()).isGreaterThanOrEqualTo(3);
        assertThat(outbox.recentEntries()).isNotEmpty().hasSizeLessThanOrEqualTo(10);

        String metrics = get("/_dazzle/metrics").body();
        assertThat(metrics).contains("dazzle_events_outbox_entries{status=\"published\"}")
                .contains("dazzle_events_dlq_entries").contains("dazzle_events_consumer_lag{group_id=\"settle_invoice\"");
    }

    @Test
    void exhaustedPaymentsGoToTheDlqAndReplayRequeuesThem() throws Exception {
        String id = newApprovedInvoice("EV-DLQ-1");
        server.integrations().paymentProvider().script(id, "permanent,permanent,permanent");
        approve(id);
        await(Duration.ofSeconds(30), () -> {
            try {
                return Wire.read(get("/_dazzle/events/dlq?topic=invoice_events").body(), DLQResponse.class).entries()
                        .stream().anyMatch(e -> e.groupId().equals(SettleInvoiceProcess.GROUP));
            } catch (Exception e) {
                return false;
            }
        }, "settle_invoice DLQ entry");
        DLQResponse dlq = Wire.read(get("/_dazzle/events/dlq?topic=invoice_events&group_id=settle_invoice").body(),
                DLQResponse.class);
        var entry = dlq.entries().stream().filter(e -> e.groupId().equals("settle_invoice")).findFirst().orElseThrow();
        assertThat(entry.reasonCode()).isEqualTo("HANDLER_ERROR");
        assertThat(entry.attempts()).isEqualTo(3);
        assertThat(entry.reasonMessage()).contains("Insufficient funds");
        assertThat(status(id)).isEqualTo("approved");
        var ds = server.database().dataSource();
        assertThat(count(ds, "SELECT count(*) FROM \"JobRun\" WHERE job_name = 'settle_invoice' AND payload LIKE '%"
                + id + "%'")).isEqualTo(3);
        assertThat(count(ds, "SELECT count(*) FROM \"JobRun\" WHERE job_name = 'settle_invoice' AND status ="
                + " 'dead_letter' AND payload LIKE '%" + id + "%'")).isEqualTo(1);
        EventsResponse events = eventsOf(id);
        assertThat(events.events().stream().filter(e -> e.eventType().endsWith("PaymentAttemptFailed")).count())
                .isEqualTo(3);

        String path = "/_dazzle/events/dlq/" + entry.eventId() + "/replay?group_id=settle_invoice";
        HttpResponse<String> refused = post(path, "http://evil.example");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"detail\":\"CSRF token missing or invalid\"}");
        assertThat(post("/_dazzle/events/dlq/" + entry.eventId() + "/replay", server.baseUrl()).statusCode())
                .isEqualTo(422);
        HttpResponse<String> ok = post(path, server.baseUrl());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Wire.read(ok.body(), ReplayResult.class)).isEqualTo(ReplayResult.replayed(entry.eventId()));
        await(Duration.ofSeconds(20), () -> "paid".equals(status(id)), "replayed settlement pays the invoice");
        assertThat(Wire.read(post(path, server.baseUrl()).body(), ReplayResult.class))
                .isEqualTo(ReplayResult.notInDlq(entry.eventId()));
    }

    @Test
    void routesValidateLikeFastApiAndAnswerNullForUnknownEvents() throws Exception {
        assertThat(get("/_dazzle/events/topics/invoice_events?limit=101").statusCode()).isEqualTo(422);
        assertThat(get("/_dazzle/events/topics/invoice_events?offset=-1").body()).contains("greater_than_equal");
        assertThat(get("/_dazzle/events/dlq?limit=0").statusCode()).isEqualTo(422);
        HttpResponse<String> none = get("/_dazzle/events/event/00000000-0000-4000-8000-000000000000");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("null");
        EventsResponse empty = Wire.read(get("/_dazzle/events/topics/nope?offset=5&limit=7").body(), EventsResponse.class);
        assertThat(empty).isEqualTo(new EventsResponse("nope", List.of(), 0, 5, 7));
    }
}
