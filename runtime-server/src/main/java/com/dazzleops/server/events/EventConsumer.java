package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;

import java.sql.Connection;

/**
 * A consumer group's handler.
 *
 * <p>A {@linkplain #transactional() transactional} consumer (a projection) runs inside the transaction that also
 * records the event in the inbox (keyed by event_id and group), so its database effects happen exactly once. A
 * non-transactional consumer (a process with external effects, e.g. settle_invoice) is handed each event as a work
 * item and runs outside any transaction of ours ({@code tx} is null); it must be idempotent per event, because a
 * crash between its effect and the inbox record repeats it. Either way a throw counts one attempt of the group's
 * retry budget.
 */
public interface EventConsumer {

    String topic();

    String groupId();

    void handle(EventEnvelope event, Connection tx) throws Exception;

    /** Attempts before the event is dead-lettered; 0 or less = the framework default (5). */
    default int retryBudget() {
        return 0;
    }

    /** False for consumers whose work must not run inside the bus transaction (long calls, own transactions). */
    default boolean transactional() {
        return true;
    }

    /** Called after the event was dead-lettered for this group (the budget ran out). */
    default void onDeadLetter(EventEnvelope event, String error, int attempts) {
    }

    /** Only for non-transactional consumers: does this event need work at all? (others are just recorded). */
    default boolean wants(EventEnvelope event) {
        return true;
    }
}
