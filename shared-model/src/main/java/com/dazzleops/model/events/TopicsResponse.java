package com.dazzleops.model.events;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /_dazzle/events/topics} (wire-events §4.2), model {@code TopicsResponse}: topics ascending by name and
 * the sum of their {@code event_count}. Real Dazzle answers 500 in state C of §3 and the empty body in states A/B;
 * our server answers {@link #empty()} whenever its event system is not running.
 *
 * @param topics      one entry per topic (never null)
 * @param totalEvents sum of {@code event_count} over {@code topics}
 */
public record TopicsResponse(List<TopicInfo> topics, long totalEvents) {

    public TopicsResponse {
        topics = WireCollections.list(topics);
    }

    /** The inactive body {@code {"topics":[],"total_events":0}}. */
    public static TopicsResponse empty() {
        return new TopicsResponse(List.of(), 0);
    }

    /** A response whose {@code total_events} is the sum of the topics' counts, as Dazzle computes it. */
    public static TopicsResponse of(List<TopicInfo> topics) {
        return new TopicsResponse(topics, topics.stream().mapToLong(TopicInfo::eventCount).sum());
    }

    /** The topic called {@code name}, if listed. */
    public Optional<TopicInfo> topic(String name) {
        return topics.stream().filter(t -> name.equals(t.name())).findFirst();
    }
}
