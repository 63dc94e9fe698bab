package com.dazzleops.model.events;

import com.dazzleops.model.json.WireTime;

import java.time.Instant;
import java.util.List;

/**
 * Key names and entry field names of the Redis Streams bus (wire-events §8.2, §8.3). Every value in Redis is a
 * byte string; Dazzle writes UTF-8.
 */
public final class RedisKeys {

    /** Stream of a topic's events: {@code dazzle:stream:<topic>}. */
    public static final String STREAM_PREFIX = "dazzle:stream:";
    /** Stream of a topic's dead letters (all groups): {@code dazzle:dlq:<topic>}. */
    public static final String DLQ_PREFIX = "dazzle:dlq:";
    /** Hash of per-(topic, group) bookkeeping: {@code dazzle:offset:<topic>:<group_id>}. */
    public static final String OFFSET_PREFIX = "dazzle:offset:";
    /** Declared by Dazzle, never used. */
    public static final String META_PREFIX = "dazzle:meta:";

    // stream entry fields (§8.3), in Dazzle's XADD order
    public static final String ID = "id";
    public static final String EVENT_TYPE = "event_type";
    public static final String EVENT_VERSION = "event_version";
    public static final String KEY = "key";
    public static final String PAYLOAD = "payload";
    public static final String HEADERS = "headers";
    public static final String CORRELATION_ID = "correlation_id";
    public static final String CAUSATION_ID = "causation_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String PRODUCER = "producer";

    // fields a DLQ entry adds, in order
    public static final String REASON_CODE = "reason_code";
    public static final String REASON_MESSAGE = "reason_message";
    public static final String REASON_METADATA = "reason_metadata";
    public static final String ATTEMPTS = "attempts";
    public static final String GROUP_ID = "group_id";
    public static final String DLQ_AT = "dlq_at";

    /** Offset hash field holding the ISO time of the last ack. */
    public static final String LAST_PROCESSED_AT = "last_processed_at";

    /** The stream entry fields in order. */
    public static final List<String> ENTRY_FIELDS = List.of(ID, EVENT_TYPE, EVENT_VERSION, KEY, PAYLOAD, HEADERS,
            CORRELATION_ID, CAUSATION_ID, TIMESTAMP, PRODUCER);
    /** The fields a DLQ entry appends to {@link #ENTRY_FIELDS}, in order. */
    public static final List<String> DLQ_FIELDS = List.of(REASON_CODE, REASON_MESSAGE, REASON_METADATA, ATTEMPTS,
            GROUP_ID, DLQ_AT);

    /** Streams are trimmed approximately ({@code MAXLEN ~}) to this many entries. */
    public static final int MAX_STREAM_LENGTH = 10_000;
    /** DLQ streams are trimmed approximately to this many entries. */
    public static final int DLQ_MAX_LENGTH = 10_000;
    /** A nack dead-letters once the retry counter reached this (or the reason is non-retryable). */
    public static final int RETRY_COUNT = 3;
    /** Offset hashes expire after 7 days without activity. */
    public static final long OFFSET_TTL_SECONDS = 7L * 86_400;
    /** Replay searches at most this many of the newest DLQ entries of the group. */
    public static final int REPLAY_SEARCH_LIMIT = 1_000;

    private RedisKeys() {
    }

    public static String streamKey(String topic) {
        return STREAM_PREFIX + topic;
    }

    public static String dlqKey(String topic) {
        return DLQ_PREFIX + topic;
    }

    public static String offsetKey(String topic, String groupId) {
        return OFFSET_PREFIX + topic + ":" + groupId;
    }

    /** Offset hash field mapping an event to the stream entry id being processed. */
    public static String msgField(String eventId) {
        return "msg:" + eventId;
    }

    /** Offset hash field holding an event's retry counter. */
    public static String retryField(String eventId) {
        return "retry:" + eventId;
    }

    /** The topic of a {@code dazzle:stream:*} or {@code dazzle:dlq:*} key, or null for another key. */
    public static String topicOfKey(String key) {
        if (key.startsWith(STREAM_PREFIX)) {
            return key.substring(STREAM_PREFIX.length());
        }
        if (key.startsWith(DLQ_PREFIX)) {
            return key.substring(DLQ_PREFIX.length());
        }
        return null;
    }

    /** The millisecond part of a stream entry id {@code <ms>-<n>} (Redis-derived topic times use it). */
    public static long entryIdMillis(String entryId) {
        int dash = entryId.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream entry id: \"" + entryId + "\"", e);
        }
    }

    /**
     * The time Dazzle derives from a stream entry id for {@code /topics}' {@code oldest_event}/{@code newest_event}:
     * the millisecond part, in UTC, Python ISO ({@code ...:SS.mmm000+00:00}, no fraction when the ms part is 0).
     */
    public static WireTime entryIdTime(String entryId) {
        return WireTime.pythonIso(Instant.ofEpochMilli(entryIdMillis(entryId)));
    }
}
