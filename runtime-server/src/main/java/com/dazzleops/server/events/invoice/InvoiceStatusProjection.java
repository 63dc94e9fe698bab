package com.dazzleops.server.events.invoice;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.server.events.EventConsumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The {@code InvoiceStatusView} projection (contract invoice-ops §3.3, wire-events §11.4): consumer group
 * {@code projection-InvoiceStatusView} on {@code invoice_events}, an upsert keyed by {@code payload.invoice_id} into
 * table {@code invoice_status_view}. Runs inside the consumer transaction with the inbox row, so each event is applied
 * exactly once ({@code applied_count} counts applications, which the fault tests check). The newest event by
 * timestamp wins the status, so a late redelivery of an older event cannot move the view backwards.
 */
public final class InvoiceStatusProjection implements EventConsumer {

    public static final String GROUP = "projection-InvoiceStatusView";
    public static final String TABLE = "invoice_status_view";

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final Map<String, String> STATUS_BY_EVENT = Map.of(
            "InvoiceSubmitted", "submitted",
            "InvoiceApproved", "approved",
            "InvoiceRejected", "rejected",
            "InvoiceDisputed", "disputed",
            "InvoicePaid", "paid");

    private static final String UPSERT = "INSERT INTO " + TABLE + " (invoice_id, tenant_id, status, last_event_id,"
            + " last_event_type, event_time, applied_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)"
            + " ON CONFLICT (invoice_id) DO UPDATE SET applied_count = " + TABLE + ".applied_count + 1,"
            + " updated_at = excluded.updated_at,"
            + " status = CASE WHEN excluded.event_time >= " + TABLE + ".event_time THEN excluded.status ELSE "
            + TABLE + ".status END,"
            + " last_event_id = CASE WHEN excluded.event_time >= " + TABLE + ".event_time THEN excluded.last_event_id"
            + " ELSE " + TABLE + ".last_event_id END,"
            + " last_event_type = CASE WHEN excluded.event_time >= " + TABLE + ".event_time THEN"
            + " excluded.last_event_type ELSE " + TABLE + ".last_event_type END,"
            + " event_time = CASE WHEN excluded.event_time >= " + TABLE + ".event_time THEN excluded.event_time ELSE "
            + TABLE + ".event_time END,"
            + " tenant_id = COALESCE(" + TABLE + ".tenant_id, excluded.tenant_id)";

    @Override
    public String topic() {
        return InvoiceEvents.TOPIC;
    }

    @Override
    public String groupId() {
        return GROUP;
    }

    @Override
    public void handle(EventEnvelope e, Connection tx) throws Exception {
        String status = STATUS_BY_EVENT.get(e.action());
        if (status == null) {
            return; // PaymentAttemptFailed (and anything unknown): no handler declared
        }
        if (!e.payload().hasNonNull("invoice_id")) {
            throw new IllegalArgumentException(e.eventType() + " " + e.eventId() + " has no invoice_id");
        }
        try (PreparedStatement ps = tx.prepareStatement(UPSERT)) {
            ps.setString(1, e.payload().get("invoice_id").asText());
            ps.setString(2, e.payload().hasNonNull("tenant_id") ? e.payload().get("tenant_id").asText() : null);
            ps.setString(3, status);
            ps.setString(4, e.eventId().toString());
            ps.setString(5, e.eventType());
            // fixed-width UTC text so that text order is time order
            ps.setString(6, FIXED.format(e.timestamp().toInstant()));
            ps.setString(7, Instant.now().toString());
            ps.executeUpdate();
        }
    }

}
