package com.dazzleops.server.jobs;

import com.dazzleops.model.json.Wire;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.entity.EntityService;
import com.dazzleops.server.entity.ListQuery;
import com.dazzleops.server.integrations.MockPaymentProvider;
import com.dazzleops.server.spi.Actor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The handlers behind our AppSpec's jobs.
 *
 * <ul>
 *   <li>{@code notifications.notify_approvers}: writes one notification per approver of the invoice's tenant into
 *   {@code _dazzle_notifications}, through a mail relay that fails at a settable rate
 *   ({@code SMTPServerDisconnected}), so retries and dead letters happen for real.</li>
 *   <li>{@code payments.reconcile_payments}: for PaymentAttempts pending longer than a minute, asks the provider what
 *   it knows and settles the attempt (succeeded with its reference, or failed).</li>
 * </ul>
 */
public final class BuiltinJobs {

    private final Database db;
    private final EntityService entities;
    private final MockPaymentProvider provider;
    private final Clock clock;
    private final Random random = new Random(7);
    private volatile double mailFailureRate;

    public BuiltinJobs(Database db, EntityService entities, MockPaymentProvider provider, Clock clock) {
        this.db = db;
        this.entities = entities;
        this.provider = provider;
        this.clock = clock;
    }

    public void register(JobService jobs) {
        jobs.registerHandler("notifications.notify_approvers", this::notifyApprovers);
        jobs.registerHandler("payments.reconcile_payments", this::reconcilePayments);
    }

    /** Share of notification sends that fail (0..1). */
    public void setMailFailureRate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be between 0 and 1");
        }
        this.mailFailureRate = rate;
    }

    public double mailFailureRate() {
        return mailFailureRate;
    }

    private void notifyApprovers(Map<String, Object> payload) throws Exception {
        Object rowObj = payload.get("row");
        if (!(rowObj instanceof Map<?, ?> row)) {
            throw new JobFailure("ValueError", "payload has no row");
        }
        String tenant = String.valueOf(row.get("tenant_id"));
        String number = String.valueOf(row.get("invoice_number"));
        List<String> recipients = new ArrayList<>();
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT email, roles FROM users WHERE tenant_id = ? AND is_active = ?")) {
                ps.setString(1, tenant);
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(2).contains("\"approver\"")) {
                            recipients.add(rs.getString(1));
                        }
                    }
                }
            }
            return null;
        });
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        if (r < mailFailureRate) {
            throw new JobFailure("SMTPServerDisconnected", "Connection unexpectedly closed");
        }
        Instant now = clock.instant();
        db.inTransaction(c -> {
            for (String to : recipients) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO _dazzle_notifications (id, recipient, subject, body, job_run_id, created_at) VALUES (?,?,?,?,?,?)")) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, to);
                    ps.setString(3, "Invoice " + number + " is waiting for your approval");
                    ps.setString(4, "Amount " + row.get("amount") + " " + row.get("currency"));
                    ps.setString(5, null);
                    ps.setString(6, SqlTime.store(now));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private void reconcilePayments(Map<String, Object> payload) throws Exception {
        Instant cutoff = clock.instant().minus(Duration.ofMinutes(1));
        var page = entities.list(Actor.SYSTEM, "PaymentAttempt",
                ListQuery.firstPage(100).withFilter(ListQuery.Filter.eq("status", "pending")).sortedBy("created_at", false),
                RequestInfo.NONE);
        for (Map<String, Object> attempt : page.items()) {
            Object created = attempt.get("created_at");
            if (created != null && SqlTime.parse(created.toString()).isAfter(cutoff)) {
                continue;
            }
            MockPaymentProvider.Response known = provider.lookup((String) attempt.get("invoice"));
            Map<String, Object> ch = known != null
                    ? Map.of("status", "succeeded", "provider_reference", known.providerReference())
                    : Map.of("status", "failed", "failure_reason", "No charge found at the provider during reconciliation");
            entities.update(Actor.system("system:reconcile_payments"), "PaymentAttempt", (String) attempt.get("id"),
                    Wire.mapper().valueToTree(ch), RequestInfo.NONE);
        }
    }
}
