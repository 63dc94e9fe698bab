package com.dazzleops.server.integrations;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process stand-in for the payment provider behind {@code payment_provider}. Each charge draws an outcome
 * from run-time settable rates: transient 5xx (503), timeout (no answer within the caller's timeout), permanent 4xx
 * (402 insufficient funds), else success (201 with a {@code PAY-REF-nnnnn} reference). Successful charges are
 * idempotent per invoice id, as the contract's guarantees say.
 */
public final class MockPaymentProvider {

    /** Failure rates, each 0..1; their sum must not exceed 1. */
    public record Modes(double transientRate, double timeoutRate, double permanentRate, long latencyMillis) {
        public Modes {
            for (double r : new double[]{transientRate, timeoutRate, permanentRate}) {
                if (r < 0 || r > 1 || Double.isNaN(r)) {
                    throw new IllegalArgumentException("rates must be between 0 and 1");
                }
            }
            if (transientRate + timeoutRate + permanentRate > 1.0 + 1e-9) {
                throw new IllegalArgumentException("the failure rates add up to more than 1");
            }
            if (latencyMillis < 0 || latencyMillis > 10_000) {
                throw new IllegalArgumentException("latency_ms must be between 0 and 10000");
            }
        }

        public static final Modes ALWAYS_SUCCEED = new Modes(0, 0, 0, 0);
    }

    /** What the provider answered: an HTTP status and body fields. */
    public record Response(int status, boolean succeeded, String providerReference, String failureReason) {
    }

    /** Thrown (after sleeping past the caller's deadline) to simulate a provider that does not answer. */
    public static final class ProviderTimeout extends RuntimeException {
        public ProviderTimeout() {
            super("provider did not answer", null, false, false);
        }
    }

    public static final String INSUFFICIENT_FUNDS = "Insufficient funds at supplier bank";

    private volatile Modes modes;
    private final Random random;
    private final Map<String, Response> settled = new ConcurrentHashMap<>();
    private final Map<String, String> forced = new ConcurrentHashMap<>();
    private final AtomicLong refs = new AtomicLong(100);
    private final AtomicLong calls = new AtomicLong();

    public MockPaymentProvider(Modes modes, long seed) {
        this.modes = modes;
        this.random = new Random(seed);
    }

    public Modes modes() {
        return modes;
    }

    public void setModes(Modes modes) {
        this.modes = java.util.Objects.requireNonNull(modes);
    }

    /**
     * Forces the next outcomes for one invoice: a comma list of {@code success}, {@code transient}, {@code timeout},
     * {@code permanent}, consumed one per call (tests and demos use it for exact scenarios).
     */
    public void script(String invoiceId, String outcomes) {
        forced.put(invoiceId, outcomes);
    }

    public long calls() {
        return calls.get();
    }

    /** A charge; may sleep (latency, timeout) — call it with a deadline. */
    public Response charge(String invoiceId, BigDecimal amount, String currency, long timeoutMillis) {
        calls.incrementAndGet();
        Response done = settled.get(invoiceId);
        if (done != null) {
            return done; // idempotent per invoice id
        }
        Modes m = modes;
        String outcome = nextForced(invoiceId);
        if (outcome == null) {
            double r;
            synchronized (random) {
                r = random.nextDouble();
            }
            if (r < m.transientRate()) {
                outcome = "transient";
            } else if (r < m.transientRate() + m.timeoutRate()) {
                outcome = "timeout";
            } else if (r < m.transientRate() + m.timeoutRate() + m.permanentRate()) {
                outcome = "permanent";
            } else {
                outcome = "success";
            }
        }
        sleep(m.latencyMillis());
        switch (outcome) {
            case "transient":
                return new Response(503, false, null, "Service Unavailable");
            case "timeout":
                sleep(timeoutMillis + 50);
                throw new ProviderTimeout();
            case "permanent":
                return new Response(402, false, null, INSUFFICIENT_FUNDS);
            default: {
                Response ok = new Response(201, true, String.format("PAY-REF-%05d", refs.incrementAndGet()), null);
                settled.put(invoiceId, ok);
                return ok;
            }
        }
    }

    /** What the provider knows about an invoice (for reconciliation): its successful charge, if any. */
    public Response lookup(String invoiceId) {
        return settled.get(invoiceId);
    }

    private String nextForced(String invoiceId) {
        String s = forced.get(invoiceId);
        if (s == null || s.isEmpty()) {
            return null;
        }
        int comma = s.indexOf(',');
        String head = comma < 0 ? s : s.substring(0, comma);
        if (comma < 0) {
            forced.remove(invoiceId);
        } else {
            forced.put(invoiceId, s.substring(comma + 1));
        }
        return head.trim();
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
