package com.dazzleops.console.core.monitor;

/** One (consumer group, topic) pair: the unit lag is measured for. */
public record ConsumerKey(String groupId, String topic) {

    public ConsumerKey {
        groupId = groupId == null ? "" : groupId;
        topic = topic == null ? "" : topic;
    }

    @Override
    public String toString() {
        return groupId + " @ " + topic;
    }
}
