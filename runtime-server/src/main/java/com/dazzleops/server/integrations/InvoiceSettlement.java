package com.dazzleops.server.integrations;

import com.dazzleops.model.json.Wire;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.entity.EntityService;
import com.dazzleops.server.entity.ListQuery;
import com.dazzleops.server.spi.Actor;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pays one approved invoice through {@code payment_provider.charge_card}: records a PaymentAttempt (numbered per
 * invoice), calls the provider with retries, then marks the attempt succeeded (and the invoice paid) or failed with
 * the provider's reason. Every write goes through the {@link EntityService}, so audit entries and write hooks (the
 * events subsystem's outbox) see it. The settle_invoice process of the events subsystem may reuse this.
 */
public final class InvoiceSettlement {

    /** What happened. */
    public record Result(String paymentAttemptId, IntegrationService.Outcome outcome, boolean invoicePaid) {
    }

    private final EntityService entities;
    private final IntegrationService integrations;

    public InvoiceSettlement(EntityService entities, IntegrationService integrations) {
        this.entities = entities;
        this.integrations = integrations;
    }

    /**
     * @param payer who records the payment (a finance user; a superuser/system actor also passes the guards)
     * @throws IllegalStateException when the invoice is not approved
     */
    public Result settle(String invoiceId, Actor payer) throws SQLException {
        Map<String, Object> inv = entities.get(Actor.SYSTEM, "Invoice", invoiceId, RequestInfo.NONE);
        if (!"approved".equals(inv.get("status")) && !"partially_paid".equals(inv.get("status"))) {
            throw new IllegalStateException("invoice " + invoiceId + " is " + inv.get("status") + ", not approved");
        }
        long previous = entities.list(Actor.SYSTEM, "PaymentAttempt",
                ListQuery.firstPage(1).withFilter(ListQuery.Filter.eq("invoice", invoiceId)), RequestInfo.NONE).total();
        Map<String, Object> attempt = new LinkedHashMap<>();
        attempt.put("tenant_id", inv.get("tenant_id"));
        attempt.put("invoice", invoiceId);
        attempt.put("attempt_number", previous + 1);
        attempt.put("status", "pending");
        Map<String, Object> created = entities.create(payer, "PaymentAttempt", Wire.mapper().valueToTree(attempt), RequestInfo.NONE);
        String attemptId = (String) created.get("id");

        IntegrationService.Outcome o = integrations.chargeCard(invoiceId, (BigDecimal) inv.get("amount"),
                inv.get("currency") == null ? "GBP" : inv.get("currency").toString());
        Map<String, Object> ch = new LinkedHashMap<>();
        if (o.succeeded()) {
            ch.put("status", "succeeded");
            ch.put("provider_reference", o.providerReference());
        } else {
            ch.put("status", "failed");
            ch.put("failure_reason", o.failureReason() == null ? "unknown provider failure" : o.failureReason());
        }
        entities.update(payer, "PaymentAttempt", attemptId, Wire.mapper().valueToTree(ch), RequestInfo.NONE);
        boolean paid = false;
        if (o.succeeded()) {
            entities.update(payer, "Invoice", invoiceId, Wire.mapper().valueToTree(Map.of("status", "paid")), RequestInfo.NONE);
            paid = true;
        }
        return new Result(attemptId, o, paid);
    }
}
