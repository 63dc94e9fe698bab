package com.dazzleops.model.ops;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.ops.approvals.ApprovalSummary;
import com.dazzleops.model.ops.approvals.PendingApprovals;
import com.dazzleops.model.ops.integrations.IntegrationRetries;
import com.dazzleops.model.ops.integrations.RetryEvent;
import com.dazzleops.model.ops.metrics.DazzleMetrics;
import com.dazzleops.model.ops.metrics.MetricsStreamEntry;
import com.dazzleops.model.ops.services.ServiceInvokeResult;
import com.dazzleops.model.ops.services.ServicesList;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Approvals, integration retries, /_dazzle/metrics, the Redis metrics stream and the adjacent service routes. */
class ExplorersAndMetricsTest {

    static String body(String resource) {
        return Fixtures.body("ops/" + resource).stripTrailing();
    }

    @Test
    void approvalsTotalSkipsBlocksWithAnErrorAndErrorsAreInBand() {
        PendingApprovals p = Wire.read(body("approvals/block-error.json"), PendingApprovals.class);
        ApprovalSummary ok = p.approvals().get(0);
        ApprovalSummary broken = p.approvals().get(1);
        assertThat(broken.hasError()).isTrue();
        assertThat(broken).isEqualTo(ApprovalSummary.noService("PaymentRelease", "Release payment", "Payment",
                "status", "ready"));
        assertThat(Wire.write(PendingApprovals.of(List.of(ok, broken), 5))).isEqualTo(body("approvals/block-error.json"));
        // the in-band error inside a block does not make the whole answer an error
        assertThat(Wire.decode(200, body("approvals/block-error.json"), PendingApprovals.class).isOk()).isTrue();
        PendingApprovals example = Wire.read(body("approvals/example.json"), PendingApprovals.class);
        assertThat(example.totalPending()).isEqualTo(6); // the double count of two blocks on one trigger
        PendingApprovals guide = Wire.read(body("approvals/guide-shape.json"), PendingApprovals.class);
        assertThat(guide.approvals().get(0).title()).isNull();
        assertThat(guide.approvals().get(0).error()).isNull();
        assertThat(guide.approvals().get(0).sampleIds()).hasSize(3);
    }

    @Test
    void retriesUseTheVolatileKeyAndKeepNulls() {
        IntegrationRetries r = Wire.read(body("retries/example.json"), IntegrationRetries.class);
        assertThat(r.volatileStore()).isTrue();
        assertThat(Wire.write(r)).contains("\"volatile\":true").doesNotContain("volatile_store");
        RetryEvent first = r.events().get(0);
        RetryEvent second = r.events().get(1);
        assertThat(first.succeeded()).isEqualTo(RetryEvent.succeeded(first.statusCode(), first.error())).isTrue();
        assertThat(second.succeeded()).isEqualTo(RetryEvent.succeeded(503, null)).isFalse();
        assertThat(second.backoffSeconds()).isEqualTo(0.5);
        assertThat(first.isTerminal()).isTrue();
        assertThat(first.nextRetryAt()).isNull();
        assertThat(first.lastAttemptAt().toInstant()).isAfter(second.lastAttemptAt().toInstant());
        IntegrationRetries failures = Wire.read(body("retries/transport-failure.json"), IntegrationRetries.class);
        assertThat(failures.events().get(2).backoffSeconds()).isEqualTo(1.0);
        assertThat(body("retries/transport-failure.json")).contains("\"backoff_seconds\":1.0");
        assertThat(failures.events().get(0).statusCode()).isNull();
        assertThat(RetryEvent.succeeded(null, "ConnectTimeout: timed out")).isFalse();
        IntegrationRetries old = Wire.read(body("retries/guide-shape.json"), IntegrationRetries.class);
        assertThat(old.events().get(0).payloadSummary()).isNull();
        WireResult<IntegrationRetries> undeclared = Wire.decode(404, body("retries/undeclared-404.json"),
                IntegrationRetries.class);
        assertThat(undeclared.failure().orElseThrow().message())
                .isEqualTo("HTTP 404: " + IntegrationRetries.notDeclaredDetail("stripe"));
    }

    @Test
    void metricsTextIsExactlyTheContractBytes() {
        String notConfigured = Fixtures.body("ops/metrics/not-configured.txt");
        assertThat(notConfigured).isEqualTo(DazzleMetrics.NOT_CONFIGURED_BODY);
        assertThat(notConfigured.getBytes(StandardCharsets.UTF_8)).contains(0xE2, 0x80, 0x94); // U+2014
        assertThat(DazzleMetrics.isNotConfigured(notConfigured)).isTrue();
        String wired = Fixtures.body("ops/metrics/collector-wired.txt");
        assertThat(wired).endsWith("_sum{component=\"http_api\"} 88.31\n").startsWith("# HELP dazzle_uptime_seconds");
        assertThat(DazzleMetrics.isNotConfigured(wired)).isFalse();
        for (String c : DazzleMetrics.COMPONENTS) {
            assertThat(wired).contains("dazzle_component_health{component=\"" + c + "\"}");
        }
        assertThat(Fixtures.byResource("ops/metrics/not-configured.txt").contentType())
                .isEqualTo(DazzleMetrics.CONTENT_TYPE);
        // a text body is not JSON: the console must not decode it as such
        assertThat(Wire.decode(200, notConfigured, Map.class).failure().orElseThrow().kind())
                .isEqualTo(WireResult.Kind.MALFORMED);
    }

    @Test
    void streamEntriesAreWrittenAsThePythonEmitterDoes() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("method", "GET");
        tags.put("path", "/tasks/:id");
        tags.put("status", "200");
        MetricsStreamEntry e = MetricsStreamEntry.of("http_requests_total", 1.0,
                Instant.ofEpochSecond(1716337200L, 773_251_500L), tags, "web.1");
        assertThat(Wire.write(e)).isEqualTo(body("metrics-stream/http-requests-total.json"));
        assertThat(e.tags()).isEqualTo("{\"method\": \"GET\", \"path\": \"/tasks/:id\", \"status\": \"200\", \"instance\": \"web.1\"}");
        MetricsStreamEntry read = Wire.read(body("metrics-stream/http-errors-total.json"), MetricsStreamEntry.class);
        assertThat(read.tagMap().keySet()).containsExactly("method", "path", "status", "error_class", "instance");
        assertThat(read.tagMap()).containsEntry("error_class", "server").containsEntry("instance", "local");
        assertThat(read.numericValue()).contains(1.0);
        assertThat(read.timestamp()).contains(Instant.ofEpochSecond(1716337201L));
        MetricsStreamEntry latency = Wire.read(body("metrics-stream/http-latency-ms.json"), MetricsStreamEntry.class);
        assertThat(latency.numericValue()).contains(12.345678901234);
        assertThat(MetricsStreamEntry.fromFields(latency.toFields())).isEqualTo(latency);
        assertThat(MetricsStreamEntry.instanceFrom(Map.of("HOSTNAME", "box"))).isEqualTo("box");
        assertThat(MetricsStreamEntry.instanceFrom(Map.of("DYNO", "web.1", "HOSTNAME", "box"))).isEqualTo("web.1");
        assertThat(MetricsStreamEntry.instanceFrom(Map.of())).isEqualTo("local");
        MetricsStreamEntry junk = new MetricsStreamEntry("x", "nan?", "later", "not json");
        assertThat(junk.numericValue()).isEmpty();
        assertThat(junk.timestamp()).isEmpty();
        assertThat(junk.tagMap()).isEmpty();
    }

    @Test
    void adjacentServiceRoutes() {
        ServicesList list = Wire.read(body("services/list.json"), ServicesList.class);
        assertThat(Wire.write(ServicesList.of(list.services()))).isEqualTo(body("services/list.json"));
        ServiceInvokeResult result = Wire.read(body("services/invoke.json"), ServiceInvokeResult.class);
        assertThat(result.result().path("total").decimalValue()).isEqualByComparingTo("1250.0");
        assertThat(Wire.write(result)).contains("\"total\":1250.0");
    }
}
