package com.dazzleops.model.events;

import com.dazzleops.model.json.WireTime;

import java.util.Optional;

/**
 * One dead-letter entry of {@code GET /_dazzle/events/dlq} (wire-events §4.7), model {@code DLQEntry} (no nullable
 * fields). The same event can be dead-lettered once per consumer group.
 *
 * <p>{@code topic} is the topic passed to the nack: for framework-wrapped handlers the topic <i>derived from the
 * event type</i>, which may differ from the subscription topic (§11.3). {@code attempts}: PostgreSQL 1 at insertion,
 * +1 per repeated dead-lettering and per failed replay; Redis fixed at insertion. {@code created_at}: PostgreSQL row
 * creation (unchanged by repeats); Redis the {@code dlq_at} field.
 *
 * @param eventId       the dead-lettered event
 * @param topic         nack topic (see above)
 * @param groupId       the consumer group that failed it
 * @param reasonCode    a {@link ReasonCode} name; {@value ReasonCode#UNKNOWN_WIRE} when the bus omitted it
 * @param reasonMessage the failure message; "" when the bus omitted it
 * @param attempts      see above
 * @param createdAt     when it was dead-lettered
 */
public record DLQEntry(String eventId, String topic, String groupId, String reasonCode, String reasonMessage,
                       int attempts, WireTime createdAt) {

    /** The known reason code, if {@link #reasonCode} names one. */
    public Optional<ReasonCode> reason() {
        return ReasonCode.fromWire(reasonCode);
    }

    /** An entry as our server lists it, with Dazzle's fallbacks for an absent code or message. */
    public static DLQEntry listed(String eventId, String topic, String groupId, String reasonCode,
                                  String reasonMessage, int attempts, WireTime createdAt) {
        return new DLQEntry(eventId, topic, groupId, reasonCode == null ? ReasonCode.UNKNOWN_WIRE : reasonCode,
                WireCollections.orEmpty(reasonMessage), attempts, createdAt);
    }
}
