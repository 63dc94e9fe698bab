package com.dazzleops.server.demo;

import com.dazzleops.model.json.Wire;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.auth.AuthService;
import com.dazzleops.server.entity.EntityException;
import com.dazzleops.server.entity.EntityService;
import com.dazzleops.server.entity.ListQuery;
import com.dazzleops.server.integrations.IntegrationService;
import com.dazzleops.server.integrations.InvoiceSettlement;
import com.dazzleops.server.spi.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --demo}: Northwind's staff at work, through the same entity service as the REST API (audit, state machine,
 * approvals, hooks): a requester raises and submits invoices (about one in five above the 10,000 approval threshold,
 * so they wait for a second approver), approvers approve (now and then reject), finance pays approved invoices through
 * payment_provider (the mock provider's 25% transient 5xx, 5% timeouts and 10% insufficient funds make calls retry
 * and some fail; an invoice whose payment failed three times is disputed), and disputes are resolved. notify_approvers
 * runs for every submission with a flaky mail relay, so jobs retry and some dead-letter.
 */
public final class DemoWorkload implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorkload.class);
    private static final String NORTHWIND = "1a000000-0000-4000-8000-000000000001";
    private static final List<String> SUPPLIERS = List.of("2b000000-0000-4000-8000-000000000001",
            "2b000000-0000-4000-8000-000000000002", "2b000000-0000-4000-8000-000000000003");

    private final EntityService entities;
    private final InvoiceSettlement settlement;
    private final IntegrationService integrations;
    private final AuthService auth;
    private final Clock clock;
    private final boolean externalSettlement;
    private final Random random = new Random(2026);
    private final AtomicLong counter = new AtomicLong(1000);
    private ScheduledExecutorService exec;
    private Actor requester;
    private Actor finance;
    private final List<Actor> approvers = new ArrayList<>();

    public DemoWorkload(EntityService entities, InvoiceSettlement settlement, IntegrationService integrations,
                        AuthService auth, Clock clock, boolean externalSettlement) {
        this.entities = entities;
        this.settlement = settlement;
        this.integrations = integrations;
        this.auth = auth;
        this.clock = clock;
        this.externalSettlement = externalSettlement;
    }

    public void start() throws SQLException {
        requester = actor("requester@demo.dazzle.local");
        finance = actor("finance@demo.dazzle.local");
        approvers.add(actor("approver@demo.dazzle.local"));
        approvers.add(actor("drew.okafor@northwind.example"));
        approvers.add(actor("alex.kim@northwind.example"));
        exec = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "dazzle-demo");
            t.setDaemon(true);
            return t;
        });
        exec.scheduleWithFixedDelay(() -> guard(this::officeTick), 500, 1500, TimeUnit.MILLISECONDS);
        if (!externalSettlement) {
            exec.scheduleWithFixedDelay(() -> guard(this::financeTick), 1500, 2500, TimeUnit.MILLISECONDS);
        }
        LOG.info("Demo workload started (settlement by {})", externalSettlement ? "the settle_invoice process" : "the demo's finance clerk");
    }

    private Actor actor(String email) throws SQLException {
        return auth.userByEmail(email).map(AuthService.AuthUser::actor)
                .orElseThrow(() -> new IllegalStateException("demo user " + email + " is missing (was the seed loaded?)"));
    }

    private interface Step {
        void run() throws Exception;
    }

    private void guard(Step s) {
        try {
            s.run();
        } catch (EntityException e) {
            LOG.debug("demo step refused: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("demo step failed: {}", e.toString());
        }
    }

    /** Requester and approvers: create, submit, approve / reject. */
    private void officeTick() throws Exception {
        String id = createInvoice();
        if (random.nextInt(4) != 0) {
            update(requester, id, Map.of("status", "submitted"));
        }
        for (Map<String, Object> inv : listInvoices("draft", 2)) {
            update(requester, (String) inv.get("id"), Map.of("status", "submitted"));
        }
        List<Map<String, Object>> submitted = listInvoices("submitted", 6);
        // two approval decisions per tick, so the queue drains as fast as invoices arrive (high-value ones wait)
        for (int k = 0; k < 2 && !submitted.isEmpty(); k++) {
            Map<String, Object> inv = submitted.remove(random.nextInt(submitted.size()));
            String invId = (String) inv.get("id");
            if (random.nextInt(10) == 0) {
                update(approvers.get(0), invId, Map.of("status", "rejected",
                        "rejection_reason", "PO number does not match an open purchase order"));
            } else {
                approve(invId);
            }
        }
        if (random.nextInt(12) == 0) {
            for (Map<String, Object> inv : listInvoices("disputed", 1)) {
                update(finance, (String) inv.get("id"), Map.of("status", "approved"));
            }
        }
    }

    /** One vote from an approver who has not voted yet; high-value invoices need two. */
    private void approve(String invoiceId) throws SQLException {
        List<Actor> order = new ArrayList<>(approvers);
        java.util.Collections.shuffle(order, random);
        for (Actor a : order) {
            try {
                update(a, invoiceId, Map.of("status", "approved"));
                return;
            } catch (EntityException e) {
                if (e.status() != 422) {
                    throw e;
                }
                // this approver already voted: let another one try next tick
                return;
            }
        }
    }

    /** Finance: pay approved invoices; dispute those whose payment failed three times. */
    private void financeTick() throws Exception {
        List<Map<String, Object>> approved = listInvoices("approved", 10);
        if (approved.isEmpty()) {
            return;
        }
        Map<String, Object> inv = approved.get(random.nextInt(approved.size()));
        String id = (String) inv.get("id");
        long failures = entities.list(Actor.SYSTEM, "PaymentAttempt", ListQuery.firstPage(1)
                .withFilter(ListQuery.Filter.eq("invoice", id)).withFilter(ListQuery.Filter.eq("status", "failed")),
                RequestInfo.NONE).total();
        if (failures >= 3) {
            update(finance, id, Map.of("status", "disputed", "dispute_reason", "Payment failed " + failures
                    + " times; supplier bank details need checking"));
            return;
        }
        InvoiceSettlement.Result r = settlement.settle(id, finance);
        if (!r.outcome().succeeded()) {
            LOG.info("payment for {} failed after {} attempt(s): {}", inv.get("invoice_number"), r.outcome().attempts(),
                    r.outcome().failureReason());
        }
    }

    private String createInvoice() throws SQLException {
        boolean high = random.nextInt(5) == 0;
        BigDecimal amount = BigDecimal.valueOf(high ? 10_500 + random.nextInt(15_000) : 150 + random.nextInt(9_300))
                .add(BigDecimal.valueOf(random.nextInt(100), 2)).setScale(2, RoundingMode.HALF_EVEN);
        LocalDate due = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(14 + random.nextInt(30));
        long n = counter.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_id", NORTHWIND);
        body.put("invoice_number", "NW-DEMO-" + n);
        body.put("supplier", SUPPLIERS.get(random.nextInt(SUPPLIERS.size())));
        body.put("amount", amount.toPlainString());
        body.put("currency", "GBP");
        body.put("po_number", "PO-NW-" + (2000 + n));
        body.put("due_date", due.toString());
        body.put("submitted_by", requester.userId());
        Map<String, Object> inv = entities.create(requester, "Invoice", Wire.mapper().valueToTree(body), RequestInfo.NONE);
        String id = (String) inv.get("id");
        int lines = 1 + random.nextInt(3);
        BigDecimal share = amount.divide(BigDecimal.valueOf(lines), 2, RoundingMode.DOWN);
        for (int i = 0; i < lines; i++) {
            Map<String, Object> li = new LinkedHashMap<>();
            li.put("tenant_id", NORTHWIND);
            li.put("invoice", id);
            li.put("description", List.of("Freight & logistics", "Office supplies", "Cloud hosting", "Packaging").get(random.nextInt(4)));
            li.put("quantity", 1);
            li.put("unit_amount", share.toPlainString());
            li.put("po_match", List.of("matched", "matched", "partial", "unmatched").get(random.nextInt(4)));
            entities.create(requester, "LineItem", Wire.mapper().valueToTree(li), RequestInfo.NONE);
        }
        return id;
    }

    private List<Map<String, Object>> listInvoices(String status, int max) throws SQLException {
        return new ArrayList<>(entities.list(Actor.SYSTEM, "Invoice", ListQuery.firstPage(max)
                .withFilter(ListQuery.Filter.eq("tenant_id", NORTHWIND)).withFilter(ListQuery.Filter.eq("status", status))
                .sortedBy("created_at", false), RequestInfo.NONE).items());
    }

    private void update(Actor a, String id, Map<String, Object> changes) throws SQLException {
        entities.update(a, "Invoice", id, Wire.mapper().valueToTree(changes), RequestInfo.NONE);
    }

    @Override
    public void close() {
        if (exec != null) {
            exec.shutdownNow();
            try {
                exec.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
