package com.dazzleops.server.events.invoice;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.server.events.EventFramework;
import com.dazzleops.server.events.OutboxStore;
import com.dazzleops.server.spi.EntityWrite;
import com.dazzleops.server.spi.EntityWriteHook;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The six {@code invoice_events} types (contract invoice-ops §3.2, emission as recommended in §3.4), written to the
 * outbox inside the transaction of the entity write that causes them: InvoiceSubmitted / Approved / Rejected /
 * Disputed / Paid on an Invoice moving to that status, PaymentAttemptFailed on a PaymentAttempt moving to failed. No
 * event for partially_paid. Key = invoice id; header tenant_id; producer {@code dazzle.<Entity>}.
 */
public final class InvoiceEvents implements EntityWriteHook {

    public static final String TOPIC = "invoice_events";
    public static final String TYPE_PREFIX = "app.invoice_events.";

    /** The event that caused the writes of the current thread (settle_invoice sets it), for causation ids. */
    private static final ThreadLocal<EventEnvelope> CAUSE = new ThreadLocal<>();

    private final OutboxStore outbox;
    private final EventFramework framework;

    public InvoiceEvents(OutboxStore outbox, EventFramework framework) {
        this.outbox = outbox;
        this.framework = framework;
    }

    /** Runs {@code work} with {@code cause} as the causation of every event it emits. */
    public static <T> T causedBy(EventEnvelope cause, CheckedSupplier<T> work) throws Exception {
        EventEnvelope previous = CAUSE.get();
        CAUSE.set(cause);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CAUSE.remove();
            } else {
                CAUSE.set(previous);
            }
        }
    }

    /** A supplier that may throw. */
    @FunctionalInterface
    public interface CheckedSupplier<T> {
        T get() throws Exception;
    }

    @Override
    public void onWrite(EntityWrite w) throws SQLException {
        Optional<EventEnvelope> e = toEvent(w);
        if (e.isEmpty()) {
            return;
        }
        EventEnvelope ev = e.get();
        EventEnvelope cause = CAUSE.get();
        if (cause != null) {
            ev = ev.causedBy(cause);
        }
        outbox.append(w.connection(), TOPIC, List.of(ev));
        if (framework != null && w.afterCommit() != null) {
            w.afterCommit().add(framework::nudgeRelay);
        }
    }

    /** The event a write causes, if any. */
    public static Optional<EventEnvelope> toEvent(EntityWrite w) {
        if (w.after() == null) {
            return Optional.empty();
        }
        String newStatus = str(w.after().get("status"));
        String oldStatus = w.before() == null ? null : str(w.before().get("status"));
        boolean moved = newStatus != null && !newStatus.equals(oldStatus)
                && (w.operation() == EntityWrite.Operation.CREATE || w.operation() == EntityWrite.Operation.UPDATE);
        if (!moved) {
            return Optional.empty();
        }
        String at = com.dazzleops.model.json.WireTime.pythonIso(w.at()).text();
        Map<String, Object> after = w.after();
        if ("Invoice".equals(w.entity())) {
            String invoiceId = w.entityId();
            ObjectNode p = JsonNodeFactory.instance.objectNode();
            p.put("invoice_id", invoiceId);
            p.put("tenant_id", str(after.get("tenant_id")));
            String name;
            switch (newStatus) {
                case "submitted" -> {
                    name = "InvoiceSubmitted";
                    String by = str(after.get("submitted_by"));
                    if (by == null && w.actor() != null) {
                        by = w.actor().userId();
                    }
                    p.put("submitted_by", by);
                    p.put("submitted_at", at);
                }
                case "approved" -> {
                    name = "InvoiceApproved";
                    p.put("approved_at", at);
                    String cur = str(after.get("currency"));
                    p.put("currency", cur == null ? "GBP" : cur);
                }
                case "rejected" -> {
                    name = "InvoiceRejected";
                    p.put("reason", str(after.get("rejection_reason")));
                    p.put("rejected_at", at);
                }
                case "disputed" -> {
                    name = "InvoiceDisputed";
                    p.put("reason", str(after.get("dispute_reason")));
                    p.put("disputed_at", at);
                }
                case "paid" -> {
                    name = "InvoicePaid";
                    p.put("paid_at", at);
                }
                default -> {
                    return Optional.empty(); // draft, partially_paid: no event declared
                }
            }
            return Optional.of(envelope(name, invoiceId, p, "dazzle.Invoice"));
        }
        if ("PaymentAttempt".equals(w.entity()) && "failed".equals(newStatus)) {
            String invoiceId = str(after.get("invoice"));
            ObjectNode p = JsonNodeFactory.instance.objectNode();
            p.put("invoice_id", invoiceId);
            p.put("tenant_id", str(after.get("tenant_id")));
            Object n = after.get("attempt_number");
            p.put("attempt_number", n instanceof Number num ? num.longValue() : 1L);
            String reason = str(after.get("failure_reason"));
            p.put("failure_reason", reason == null ? "" : reason);
            return Optional.of(envelope("PaymentAttemptFailed", invoiceId, p, "dazzle.PaymentAttempt"));
        }
        return Optional.empty();
    }

    private static EventEnvelope envelope(String name, String invoiceId, ObjectNode payload, String producer) {
        Map<String, String> headers = new LinkedHashMap<>();
        String tenant = payload.hasNonNull("tenant_id") ? payload.get("tenant_id").asText() : null;
        if (tenant != null) {
            headers.put("tenant_id", tenant);
        }
        return EventEnvelope.create(TYPE_PREFIX + name, invoiceId == null ? "" : invoiceId, payload, headers, producer);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
