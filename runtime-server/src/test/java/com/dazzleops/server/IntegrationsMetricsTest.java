package com.dazzleops.server;

import com.dazzleops.model.ops.metrics.DazzleMetrics;
import com.dazzleops.server.integrations.IntegrationService;
import com.dazzleops.server.integrations.InvoiceSettlement;
import com.dazzleops.server.integrations.MockPaymentProvider;
import com.dazzleops.server.integrations.RetryAccumulator;
import com.dazzleops.server.spi.Actor;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** payment_provider retries and the accumulator; the settlement flow; /_dazzle/metrics with promtool. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationsMetricsTest {

    private TestServer s;
    private final List<Double> sleeps = new CopyOnWriteArrayList<>();

    @BeforeAll
    void boot() {
        s = TestServer.start();
        s.server.integrations().setSleeper(sleeps::add);
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private IntegrationService integ() {
        return s.server.integrations();
    }

    @Test
    void transientFailuresRetryWithBackoffAndEveryAttemptIsRecorded() {
        sleeps.clear();
        String inv = "11111111-0000-4000-8000-000000000001";
        integ().paymentProvider().script(inv, "transient,transient,success");
        IntegrationService.Outcome o = integ().chargeCard(inv, new BigDecimal("10.00"), "GBP");
        assertThat(o.succeeded()).isTrue();
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(o.providerReference()).startsWith("PAY-REF-");
        assertThat(sleeps).containsExactly(0.5, 1.0);
        List<RetryAccumulator.Event> ev = integ().accumulator().recent("payment_provider", 3);
        assertThat(ev).extracting(RetryAccumulator.Event::attempt).containsExactly(3, 2, 1);
        assertThat(ev).extracting(RetryAccumulator.Event::statusCode).containsExactly(201, 503, 503);
        assertThat(ev).extracting(RetryAccumulator.Event::backoffSeconds).containsExactly(null, 1.0, 0.5);
        assertThat(ev).extracting(RetryAccumulator.Event::succeeded).containsExactly(true, false, false);
        assertThat(ev.get(0).payloadSummary()).isEqualTo("id=" + inv);
        assertThat(ev.get(0).maxAttempts()).isEqualTo(3);
        // idempotent per invoice: a second charge returns the same reference without a new outcome draw
        assertThat(integ().chargeCard(inv, new BigDecimal("10.00"), "GBP").providerReference()).isEqualTo(o.providerReference());
    }

    @Test
    void permanentFailureIsOneAttemptAndTimeoutsRetryUntilExhausted() {
        sleeps.clear();
        String a = "11111111-0000-4000-8000-000000000002";
        integ().paymentProvider().script(a, "permanent");
        IntegrationService.Outcome o = integ().chargeCard(a, new BigDecimal("10.00"), "GBP");
        assertThat(o.succeeded()).isFalse();
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.statusCode()).isEqualTo(402);
        assertThat(o.failureReason()).isEqualTo(MockPaymentProvider.INSUFFICIENT_FUNDS);
        assertThat(sleeps).isEmpty();

        String b = "11111111-0000-4000-8000-000000000003";
        integ().paymentProvider().script(b, "timeout,timeout,timeout");
        long t0 = System.nanoTime();
        IntegrationService.Outcome t = integ().chargeCard(b, new BigDecimal("10.00"), "GBP");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(5_900); // 3 × 2 s timeout
        assertThat(t.succeeded()).isFalse();
        assertThat(t.attempts()).isEqualTo(3);
        assertThat(t.error()).startsWith("ReadTimeout");
        RetryAccumulator.Event last = integ().accumulator().recent("payment_provider", 1).get(0);
        assertThat(last.statusCode()).isNull();
        assertThat(last.backoffSeconds()).isNull();
        assertThat(last.error()).startsWith("ReadTimeout");
    }

    @Test
    void accumulatorKeepsTheNewestHundredPerIntegration() {
        RetryAccumulator acc = new RetryAccumulator();
        for (int i = 1; i <= 130; i++) {
            acc.record(new RetryAccumulator.Event("payment_provider", "charge_card", i, 3, 201, null, "id=" + i,
                    "2026-11-25T10:00:00+00:00", null, null, true));
        }
        assertThat(acc.retained("payment_provider")).isEqualTo(100);
        assertThat(acc.recent("payment_provider", 200)).hasSize(100);
        assertThat(acc.recent("payment_provider", 2)).extracting(RetryAccumulator.Event::attempt).containsExactly(130, 129);
        assertThat(acc.recent("payment_provider", 200).get(99).attempt()).isEqualTo(31); // 1..30 evicted first
        assertThat(acc.retained("other")).isZero();
    }

    @Test
    void retriesEndpointServesTheAccumulatorNewestFirstWithLimit() {
        integ().paymentProvider().script("11111111-0000-4000-8000-000000000004", "success");
        integ().chargeCard("11111111-0000-4000-8000-000000000004", BigDecimal.ONE, "GBP");
        JsonNode body = s.get("/_dazzle/integrations/payment_provider/retries?limit=1").json();
        assertThat(body.get("events")).hasSize(1);
        assertThat(body.get("events").get(0).get("payload_summary").asText()).isEqualTo("id=11111111-0000-4000-8000-000000000004");
        assertThat(body.get("total").asInt()).isEqualTo(integ().accumulator().retained("payment_provider"));
        assertThat(body.get("volatile").asBoolean()).isTrue();
        // failure modes are settable at run time
        TestServer.Reply put = s.send("PUT", "/_dazzle/integrations/payment_provider/mock", "{\"transient_rate\":0.5,\"permanent_rate\":0.25}", null);
        assertThat(put.status()).isEqualTo(200);
        assertThat(integ().paymentProvider().modes().transientRate()).isEqualTo(0.5);
        assertThat(s.send("PUT", "/_dazzle/integrations/payment_provider/mock", "{\"transient_rate\":0.9,\"permanent_rate\":0.5}", null).status()).isEqualTo(400);
        integ().paymentProvider().setModes(MockPaymentProvider.Modes.ALWAYS_SUCCEED);
    }

    @Test
    void settlementRecordsAttemptsAndPaysTheInvoice() throws Exception {
        String approvedInvoice = "3c000000-0000-4000-8000-000000000006";
        integ().paymentProvider().script(approvedInvoice, "permanent");
        var finance = s.server.auth().userByEmail("finance@demo.dazzle.local").orElseThrow().actor();
        InvoiceSettlement.Result failed = s.server.settlement().settle(approvedInvoice, finance);
        assertThat(failed.invoicePaid()).isFalse();
        InvoiceSettlement.Result paid = s.server.settlement().settle(approvedInvoice, finance);
        assertThat(paid.invoicePaid()).isTrue();
        var attempts = s.server.entities().list(Actor.SYSTEM, "PaymentAttempt",
                com.dazzleops.server.entity.ListQuery.firstPage(10)
                        .withFilter(com.dazzleops.server.entity.ListQuery.Filter.eq("invoice", approvedInvoice))
                        .sortedBy("attempt_number", false), com.dazzleops.server.audit.RequestInfo.NONE).items();
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly("pending", "failed", "succeeded");
        assertThat(attempts).extracting(a -> a.get("attempt_number")).containsExactly(1L, 2L, 3L);
        assertThat(attempts.get(1).get("failure_reason")).isEqualTo(MockPaymentProvider.INSUFFICIENT_FUNDS);
        assertThat(s.server.entities().get(Actor.SYSTEM, "Invoice", approvedInvoice, com.dazzleops.server.audit.RequestInfo.NONE).get("status"))
                .isEqualTo("paid");
    }

    @Test
    void metricsAreValidPrometheusTextWithTheDocumentedFamilies() throws Exception {
        s.get("/_dazzle/health");
        s.get("/invoices/3c000000-0000-4000-8000-000000000001");
        integ().chargeCard("11111111-0000-4000-8000-0000000000ff", BigDecimal.ONE, "GBP");
        TestServer.Reply r = s.get("/_dazzle/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo(DazzleMetrics.CONTENT_TYPE);
        assertThat(r.body()).endsWith("\n");
        assertThat(r.body()).contains("# TYPE dazzle_uptime_seconds gauge", "dazzle_component_health{component=\"database\"} 1.0",
                "dazzle_http_requests_total{method=\"GET\",path=\"/_dazzle/health\",status=\"200\"}",
                "dazzle_http_request_duration_seconds{method=\"GET\",path=\"/invoices/:id\",quantile=\"0.99\"}",
                "dazzle_integration_attempts_total{", "dazzle_http_errors_total{error_class=\"client\",method=\"GET\",path=\"/invoices/:id\",status=\"401\"}");
        for (String c : List.of("event_bus", "database", "tigerbeetle", "http_api", "websocket", "cache", "external_api")) {
            assertThat(r.body()).contains("dazzle_component_health{component=\"" + c + "\"}");
        }
        String promtool = findOnPath("promtool");
        Assumptions.assumeTrue(promtool != null, "promtool not installed (scripts/install-test-tools.sh installs it): skipping the lint");
        Path f = Files.createTempFile("metrics", ".txt");
        Files.writeString(f, r.body(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectInput(f.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool says: %s", out).isZero();
        Files.deleteIfExists(f);
    }

    static String findOnPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
