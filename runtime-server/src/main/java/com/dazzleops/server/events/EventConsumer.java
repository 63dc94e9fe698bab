package com.dazzleops.server.events;

import java.sql.Connection;

/**
 * A consumer group's handler. {@link #handle} runs inside the transaction that also records the event in the inbox
 * (keyed by event_id and group), so its database effects happen exactly once; a throw counts one attempt of the
 * group's retry budget.
 */
public interface EventConsumer {

    String topic();

    String groupId();

    void handle(EventEnvelope event, Connection tx) throws Exception;

    /** Attempts before the event is dead-lettered; 0 or less = the framework default (5). */
    default int retryBudget() {
        return 0;
    }
}
