package com.dazzleops.model.events;

import java.util.Optional;

/**
 * {@code GET /_dazzle/events/status} (wire-events §4.1): model {@code EventSystemStatus}, every field required and
 * non-nullable.
 *
 * <p>Quirks a reader must know:
 * <ul>
 *   <li>{@code running} means "a bus object exists", not "the framework finished starting" (§3).</li>
 *   <li>{@code consumers_count} is always 0 on real Dazzle (the consumer listing is broken, §4.5): read 0 from a
 *       Dazzle server as "unknown", not "no consumers". Our server reports the number of (topic, group) pairs.</li>
 *   <li>{@code broker_type} is a class name ({@link BrokerType}); unknown values are opaque strings.</li>
 *   <li>Real Dazzle answers 500 in states B and C of §3; our server answers {@link #inactive()} instead.</li>
 * </ul>
 *
 * @param running        true when a bus exists; false only in the inactive shape
 * @param brokerType     bus class name, {@code "none"} when inactive
 * @param topicsCount    topics the bus lists (PostgreSQL: distinct topics with events; Redis: stream keys)
 * @param consumersCount (topic, consumer group) pairs
 * @param outboxPending  outbox rows with status {@code pending}
 * @param dlqCount       dead-letter entries across all topics and groups
 */
public record EventSystemStatus(boolean running, String brokerType, long topicsCount, long consumersCount,
                                long outboxPending, long dlqCount) {

    /** The intended inactive body: {@code {"running":false,"broker_type":"none",...zeros}}. */
    public static EventSystemStatus inactive() {
        return new EventSystemStatus(false, BrokerType.NONE.wireName(), 0, 0, 0, 0);
    }

    /** A running system on the given bus. */
    public static EventSystemStatus running(BrokerType broker, long topicsCount, long consumersCount,
                                            long outboxPending, long dlqCount) {
        return new EventSystemStatus(true, broker.wireName(), topicsCount, consumersCount, outboxPending, dlqCount);
    }

    /** The known broker, if {@link #brokerType} names one. */
    public Optional<BrokerType> broker() {
        return BrokerType.fromWire(brokerType);
    }
}
