package com.dazzleops.server.integrations;

import com.dazzleops.model.json.WireTime;
import com.dazzleops.server.metrics.Metrics;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.IntegrationSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Outbound integration calls with Dazzle's retry semantics: every attempt is recorded in the {@link RetryAccumulator}
 * (first-try successes included); timeouts, connection errors and 502/503/504 are retried with the mapping's backoff
 * (0.5 s, then 1.0 s) up to {@code max_attempts} (3 with {@code on_error: retry}, else 1); other statuses end the
 * call at once. {@code payment_provider.charge_card} is served by the {@link MockPaymentProvider}.
 */
public final class IntegrationService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationService.class);

    /** Sleeps between attempts (tests replace it to run without waiting). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(double seconds) throws InterruptedException;
    }

    /** The final outcome of a call. */
    public record Outcome(boolean succeeded, Integer statusCode, String providerReference, String failureReason,
                          int attempts, String error) {
    }

    private final AppSpec spec;
    private final MockPaymentProvider provider;
    private final RetryAccumulator accumulator = new RetryAccumulator();
    private final Metrics metrics;
    private final Clock clock;
    private volatile Sleeper sleeper = s -> Thread.sleep((long) (s * 1000));
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dazzle-integration-call");
        t.setDaemon(true);
        return t;
    });

    public IntegrationService(AppSpec spec, MockPaymentProvider provider, Metrics metrics, Clock clock) {
        this.spec = spec;
        this.provider = provider;
        this.metrics = metrics;
        this.clock = clock;
    }

    public RetryAccumulator accumulator() {
        return accumulator;
    }

    public MockPaymentProvider paymentProvider() {
        return provider;
    }

    public void setSleeper(Sleeper sleeper) {
        this.sleeper = java.util.Objects.requireNonNull(sleeper);
    }

    public boolean isDeclared(String integration) {
        return spec.integration(integration).isPresent();
    }

    /**
     * {@code payment_provider.charge_card} for one invoice.
     *
     * @param payloadSummary {@code id=<invoice id>} as Dazzle summarises the triggering row
     */
    public Outcome chargeCard(String invoiceId, BigDecimal amount, String currency) {
        IntegrationSpec integ = spec.integration("payment_provider")
                .orElseThrow(() -> new IllegalStateException("payment_provider is not declared"));
        IntegrationSpec.MappingSpec mapping = integ.mapping("charge_card")
                .orElseThrow(() -> new IllegalStateException("payment_provider has no charge_card mapping"));
        int max = mapping.maxAttempts();
        long timeoutMs = (long) (mapping.timeoutSeconds() * 1000);
        String summary = "id=" + invoiceId;
        for (int attempt = 1; ; attempt++) {
            Integer status = null;
            String error = null;
            MockPaymentProvider.Response resp = null;
            Future<MockPaymentProvider.Response> f = calls.submit(() -> provider.charge(invoiceId, amount, currency, timeoutMs));
            try {
                resp = f.get(timeoutMs, TimeUnit.MILLISECONDS);
                status = resp.status();
            } catch (TimeoutException e) {
                f.cancel(true);
                error = "ReadTimeout: timed out after " + mapping.timeoutSeconds() + "s";
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                error = c instanceof MockPaymentProvider.ProviderTimeout
                        ? "ReadTimeout: timed out after " + mapping.timeoutSeconds() + "s"
                        : "ConnectError: " + c;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                error = "CancelledError: call interrupted";
            }
            boolean ok = status != null && status >= 200 && status < 300 && error == null;
            boolean transientFailure = !ok && (error != null || status == 502 || status == 503 || status == 504);
            boolean last = ok || !transientFailure || attempt >= max;
            Double backoff = last ? null : mapping.backoffSeconds(attempt);
            accumulator.record(new RetryAccumulator.Event("payment_provider", mapping.name(), attempt, max, status, error,
                    summary, WireTime.pythonIso(clock.instant()).text(), null, backoff, ok));
            metrics.integrationAttempts.labelValues("payment_provider", mapping.name(),
                    ok ? "succeeded" : last ? "failed" : "retried").inc();
            if (last) {
                String reason = ok ? null : resp != null && resp.failureReason() != null
                        ? resp.failureReason() + (status != null && status >= 500 ? " (HTTP " + status + ")" : "")
                        : error;
                return new Outcome(ok, status, ok ? resp.providerReference() : null, reason, attempt, error);
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, status, null, "CancelledError: call interrupted", attempt, "CancelledError");
            }
        }
    }

    /** Mock provider control, for the run-time settable failure modes. */
    public Map<String, Object> modesBody() {
        MockPaymentProvider.Modes m = provider.modes();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("transient_rate", m.transientRate());
        body.put("timeout_rate", m.timeoutRate());
        body.put("permanent_rate", m.permanentRate());
        body.put("latency_ms", m.latencyMillis());
        body.put("calls", provider.calls());
        return body;
    }

    @Override
    public void close() {
        calls.shutdownNow();
        LOG.debug("integration calls stopped");
    }
}
