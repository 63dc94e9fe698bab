package com.dazzleops.server.events;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Map;

/** Event figures in {@code /_dazzle/metrics}: outbox rows by state, DLQ size, lag per consumer group, bus up. */
public final class EventsMetrics {

    private EventsMetrics() {
    }

    public static void register(PrometheusRegistry registry, EventsSnapshot snapshot) {
        GaugeWithCallback.builder()
                .name("dazzle_events_outbox_entries")
                .help("Transactional outbox rows by status")
                .labelNames("status")
                .callback(cb -> {
                    for (Map.Entry<String, Long> e : snapshot.figures().outboxByStatus().entrySet()) {
                        cb.call(e.getValue(), e.getKey());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("dazzle_events_dlq_entries")
                .help("Dead-letter entries across all topics and consumer groups")
                .callback(cb -> cb.call(snapshot.figures().dlqSize()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("dazzle_events_consumer_lag")
                .help("Events of the topic after the consumer group's position")
                .labelNames("topic", "group_id")
                .callback(cb -> {
                    for (EventBus.ConsumerPosition p : snapshot.figures().lag()) {
                        cb.call(p.lag(), p.topic(), p.groupId());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("dazzle_events_bus_up")
                .help("1 when the event bus answered the last probe")
                .callback(cb -> cb.call(snapshot.figures().busReachable() ? 1 : 0))
                .register(registry);
    }
}
