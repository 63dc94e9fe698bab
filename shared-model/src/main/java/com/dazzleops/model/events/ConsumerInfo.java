package com.dazzleops.model.events;

/**
 * One (topic, consumer group) pair of {@code GET /_dazzle/events/consumers} (wire-events §4.5), model
 * {@code ConsumerInfo} (no nullable fields). A group consuming two topics appears twice.
 *
 * <p>{@code lag} is a <b>count</b>: events of the topic stored after {@code last_sequence}. PostgreSQL's
 * {@code sequence_num} is one counter shared by all topics, so "max sequence - last_sequence" overstates it and
 * must not be used. On Redis, {@code XINFO GROUPS}' {@code lag} (Redis >= 7) or a count after
 * {@code last-delivered-id}.
 *
 * @param groupId      consumer group id
 * @param topic        topic the group consumes
 * @param lastSequence storage sequence of the last event acknowledged (or skipped to the DLQ); 0 before any
 * @param lag          events of the topic after {@code last_sequence}
 */
public record ConsumerInfo(String groupId, String topic, long lastSequence, long lag) {

    /** True when the group has consumed everything stored in its topic. */
    public boolean caughtUp() {
        return lag == 0;
    }

    /** True when the group has not acknowledged anything yet (it starts from the beginning of the topic). */
    public boolean neverConsumed() {
        return lastSequence == 0;
    }
}
