package com.dazzleops.server.integrations;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-integration ring of the most recent outbound attempts (cap 100, oldest evicted first), in memory and per
 * server, as Dazzle's {@code app.state.retry_accumulator}.
 */
public final class RetryAccumulator {

    public static final int CAPACITY = 100;

    /** One attempt, with the fields of Dazzle's RetryEvent. */
    public record Event(String integration, String mapping, int attempt, int maxAttempts, Integer statusCode,
                        String error, String payloadSummary, String lastAttemptAt, String nextRetryAt,
                        Double backoffSeconds, boolean succeeded) {
    }

    private final Map<String, Deque<Event>> events = new ConcurrentHashMap<>();

    public void record(Event e) {
        Deque<Event> d = events.computeIfAbsent(e.integration(), k -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(e);
            while (d.size() > CAPACITY) {
                d.removeFirst();
            }
        }
    }

    /** Newest first, at most {@code limit}. */
    public List<Event> recent(String integration, int limit) {
        Deque<Event> d = events.get(integration);
        if (d == null) {
            return List.of();
        }
        List<Event> out = new ArrayList<>();
        synchronized (d) {
            for (Iterator<Event> it = d.descendingIterator(); it.hasNext() && out.size() < limit; ) {
                out.add(it.next());
            }
        }
        return out;
    }

    /** How many events are retained for the integration (≤ 100). */
    public int retained(String integration) {
        Deque<Event> d = events.get(integration);
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            return d.size();
        }
    }
}
