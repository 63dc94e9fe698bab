package com.dazzleops.server.events.invoice;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.json.Wire;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.entity.EntityRepository;
import com.dazzleops.server.entity.EntityService;
import com.dazzleops.server.events.ConsumerRunner;
import com.dazzleops.server.events.EventConsumer;
import com.dazzleops.server.integrations.InvoiceSettlement;
import com.dazzleops.server.integrations.MockPaymentProvider;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spi.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code settle_invoice} process (contract invoice-ops §4, Java recommendation): consumer group
 * {@code settle_invoice} on {@code invoice_events}; on InvoiceApproved it charges through {@code payment_provider}
 * (the core's {@link InvoiceSettlement}: PaymentAttempt numbered per invoice, the integration's own retry path, the
 * attempt marked succeeded/failed, the invoice moved to paid) with the event as causation of the follow-up events
 * (PaymentAttemptFailed, InvoicePaid). Each run is a {@code JobRun} row (job_name {@code settle_invoice}: running →
 * completed / failed / dead_letter). A failed charge throws, so the group's retry budget and backoff apply and an
 * exhausted invoice ends in the DLQ; replay re-runs it.
 *
 * <p>Idempotent per event: an invoice that is no longer approved (already paid, disputed, ...) is left alone, and the
 * provider is idempotent per invoice id.
 */
public final class SettleInvoiceProcess implements EventConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SettleInvoiceProcess.class);
    public static final String GROUP = "settle_invoice";
    public static final String JOB_NAME = "settle_invoice";
    private static final Actor ACTOR = Actor.system("system:settle_invoice");

    private final EntityService entities;
    private final InvoiceSettlement settlement;
    private final Database db;
    private final Clock clock;
    private final Map<String, String> lastRun = new ConcurrentHashMap<>();
    private volatile MockPaymentProvider demoProvider;
    private volatile double demoExhaustShare;
    private final Random random = new Random(11);

    public SettleInvoiceProcess(EntityService entities, InvoiceSettlement settlement, Database db, Clock clock) {
        this.entities = entities;
        this.settlement = settlement;
        this.db = db;
        this.clock = clock;
    }

    /**
     * Demo only: for this share of approved invoices the mock provider is scripted to refuse every charge of the
     * first settlement round, so the retry budget runs out and the DLQ fills; a later replay succeeds.
     */
    public void enableDemoFailures(MockPaymentProvider provider, double share, int budget) {
        this.demoProvider = provider;
        this.demoExhaustShare = share;
        this.demoBudget = budget;
    }

    private volatile int demoBudget = 5;

    @Override
    public String topic() {
        return InvoiceEvents.TOPIC;
    }

    @Override
    public String groupId() {
        return GROUP;
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public boolean wants(EventEnvelope event) {
        return "InvoiceApproved".equals(event.action());
    }

    @Override
    public void handle(EventEnvelope e, Connection unused) throws Exception {
        if (!wants(e)) {
            return;
        }
        String invoiceId = e.payload().path("invoice_id").asText(null);
        if (invoiceId == null || invoiceId.isEmpty()) {
            throw new IllegalArgumentException("InvoiceApproved " + e.eventId() + " has no invoice_id");
        }
        Map<String, Object> inv;
        try {
            inv = entities.get(Actor.SYSTEM, "Invoice", invoiceId, RequestInfo.NONE);
        } catch (RuntimeException notFound) {
            throw new IllegalStateException("invoice " + invoiceId + " not found: " + notFound.getMessage(), notFound);
        }
        Object status = inv.get("status");
        if (!"approved".equals(status) && !"partially_paid".equals(status)) {
            LOG.debug("settle_invoice: invoice {} is {}, nothing to settle", invoiceId, status);
            return;
        }
        int attempt = Math.max(1, ConsumerRunner.currentAttempt());
        MockPaymentProvider p = demoProvider;
        if (p != null && attempt == 1 && random.nextDouble() < demoExhaustShare) {
            p.script(invoiceId, String.join(",", java.util.Collections.nCopies(demoBudget, "permanent")));
        }
        String runId = startRun(e, invoiceId, attempt);
        long t0 = System.nanoTime();
        InvoiceSettlement.Result r;
        try {
            r = InvoiceEvents.causedBy(e, () -> settlement.settle(invoiceId, ACTOR));
        } catch (Exception ex) {
            finishRun(runId, "failed", ex.toString(), t0);
            throw ex;
        }
        if (!r.outcome().succeeded()) {
            String reason = r.outcome().failureReason() == null ? "payment failed" : r.outcome().failureReason();
            finishRun(runId, "failed", "PaymentFailed: " + reason, t0);
            throw new IllegalStateException("payment_provider charge failed for invoice " + invoiceId + ": " + reason);
        }
        finishRun(runId, "completed", null, t0);
    }

    @Override
    public void onDeadLetter(EventEnvelope e, String error, int attempts) {
        String runId = lastRun.remove(e.eventId().toString());
        try {
            if (runId != null) {
                update(runId, Map.of("status", "dead_letter"));
            }
        } catch (Exception ex) {
            LOG.warn("settle_invoice: could not mark run {} dead_letter: {}", runId, ex.toString());
        }
    }

    private EntitySpec jobRun() {
        return entities.spec().entity("JobRun").orElse(null);
    }

    private String startRun(EventEnvelope e, String invoiceId, int attempt) {
        EntitySpec spec = jobRun();
        if (spec == null) {
            return null;
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("invoice_id", invoiceId);
        payload.put("event_id", e.eventId().toString());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("job_name", JOB_NAME);
        row.put("status", "running");
        row.put("attempt_number", (long) attempt);
        row.put("payload", Wire.write(payload));
        row.put("started_at", SqlTime.store(now));
        row.put("created_at", SqlTime.store(now));
        try {
            db.inTransaction(c -> {
                repository().insert(c, spec, row);
                return null;
            });
            lastRun.put(e.eventId().toString(), id);
            return id;
        } catch (Exception ex) {
            LOG.warn("settle_invoice: could not record the run: {}", ex.toString());
            return null;
        }
    }

    private void finishRun(String runId, String status, String error, long t0) {
        if (runId == null) {
            return;
        }
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("status", status);
        ch.put("error_message", error);
        ch.put("finished_at", SqlTime.store(clock.instant()));
        ch.put("duration_ms", (System.nanoTime() - t0) / 1_000_000);
        try {
            update(runId, ch);
        } catch (Exception ex) {
            LOG.warn("settle_invoice: could not finish run {}: {}", runId, ex.toString());
        }
    }

    private void update(String runId, Map<String, Object> changes) throws Exception {
        EntitySpec spec = jobRun();
        db.inTransaction(c -> repository().update(c, spec, runId, changes));
    }

    private EntityRepository repository() {
        return entities.repository();
    }
}
