package com.dazzleops.model.events;

import com.dazzleops.model.json.WireTime;

import java.util.List;
import java.util.Optional;

/**
 * One topic of {@code GET /_dazzle/events/topics} (wire-events §4.2), model {@code TopicInfo}.
 *
 * <p>PostgreSQL: {@code event_count} is the row count, the times are min/max of the events' own {@code timestamp}
 * (occurrence time, offset per database session time zone, so {@code +01:00} is possible). Redis:
 * {@code event_count} is {@code XLEN} (trimmed at ~10,000, not a lifetime count), the times come from stream entry
 * ids and have millisecond precision ({@code ...:SS.mmm000+00:00}); a subscription alone creates an empty topic
 * with {@code event_count} 0 and null times. {@code consumer_groups} is unordered on PostgreSQL and carries no lag.
 *
 * @param name           topic name
 * @param eventCount     events stored (0 when the bus does not report it)
 * @param consumerGroups group ids known for the topic (may be empty, never null)
 * @param dlqCount       dead-letter entries of this topic, all groups
 * @param oldestEvent    oldest event time, null when none
 * @param newestEvent    newest event time, null when none
 */
public record TopicInfo(String name, long eventCount, List<String> consumerGroups, long dlqCount,
                        WireTime oldestEvent, WireTime newestEvent) {

    public TopicInfo {
        consumerGroups = WireCollections.list(consumerGroups);
    }

    public Optional<WireTime> oldest() {
        return Optional.ofNullable(oldestEvent);
    }

    public Optional<WireTime> newest() {
        return Optional.ofNullable(newestEvent);
    }
}
