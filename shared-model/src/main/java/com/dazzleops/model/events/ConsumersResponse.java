package com.dazzleops.model.events;

import java.util.List;

/**
 * {@code GET /_dazzle/events/consumers} (wire-events §4.5), model {@code ConsumersResponse}.
 *
 * <p><b>Dazzle today: always {@code {"consumers":[]}}</b> (it queries the pseudo-topic {@code "*"}, which no bus
 * understands), and {@code /status.consumers_count} is always 0. A console must not read an empty list from a
 * Dazzle server as "no consumers": group names are in {@code /topics[].consumer_groups} (without lag). Our server
 * lists every (topic, group) pair with a count-based lag, and {@link #empty()} when inactive.
 *
 * @param consumers one entry per (topic, group) pair (never null)
 */
public record ConsumersResponse(List<ConsumerInfo> consumers) {

    public ConsumersResponse {
        consumers = WireCollections.list(consumers);
    }

    /** {@code {"consumers":[]}}: the inactive body, and what real Dazzle always answers. */
    public static ConsumersResponse empty() {
        return new ConsumersResponse(List.of());
    }

    /** Sum of every entry's lag. */
    public long totalLag() {
        return consumers.stream().mapToLong(ConsumerInfo::lag).sum();
    }

    /** The entries of one topic. */
    public List<ConsumerInfo> forTopic(String topic) {
        return consumers.stream().filter(c -> topic.equals(c.topic())).toList();
    }

    /** The entries of one group (one per topic it consumes). */
    public List<ConsumerInfo> forGroup(String groupId) {
        return consumers.stream().filter(c -> groupId.equals(c.groupId())).toList();
    }
}
