package com.dazzleops.model.events;

import com.dazzleops.model.json.PythonJson;

import com.dazzleops.model.json.EmbeddedJson;
import com.dazzleops.model.json.WireTime;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a Redis dead-letter stream {@code dazzle:dlq:<topic>} (wire-events §8.3, §8.7): the original stream
 * entry's fields followed by {@code reason_code}, {@code reason_message}, {@code reason_metadata} (JSON text),
 * {@code attempts} (decimal text, fixed at insertion: Redis entries are immutable), {@code group_id} and
 * {@code dlq_at} (Python ISO, UTC; shown as {@code created_at} by {@code /dlq}).
 *
 * @param event          the dead-lettered event's fields
 * @param reasonCode     nack reason code
 * @param reasonMessage  nack reason message
 * @param reasonMetadata JSON text of the reason's metadata ({@code "{}"} in every runtime path)
 * @param attempts       retry counter + 1 at insertion
 * @param groupId        the consumer group that failed it
 * @param dlqAt          when it was dead-lettered
 */
public record RedisDlqEntry(RedisStreamEntry event, String reasonCode, String reasonMessage,
                            EmbeddedJson reasonMetadata, int attempts, String groupId, WireTime dlqAt) {

    /** The entry Dazzle's nack writes: {@code attempts} = the event's retry counter + 1, {@code dlq_at} = now. */
    public static RedisDlqEntry of(RedisStreamEntry event, NackReason reason, int retryCounter, String groupId,
                                   Clock clock) {
        return new RedisDlqEntry(event, reason.code(), reason.message(),
                EmbeddedJson.ofText(PythonJson.dumps(reason.metadata())), retryCounter + 1, groupId,
                WireTime.pythonIso(Instant.now(clock)));
    }

    /** Reads a DLQ stream entry's fields; missing reason fields get {@code /dlq}'s fallbacks. */
    public static RedisDlqEntry fromFields(Map<String, String> f) {
        String attempts = f.getOrDefault(RedisKeys.ATTEMPTS, "1");
        int n;
        try {
            n = Integer.parseInt(attempts.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DLQ entry field \"attempts\" is not a number: \"" + attempts + "\"", e);
        }
        String dlqAt = f.get(RedisKeys.DLQ_AT);
        return new RedisDlqEntry(RedisStreamEntry.fromFields(f),
                f.getOrDefault(RedisKeys.REASON_CODE, ReasonCode.UNKNOWN_WIRE),
                f.getOrDefault(RedisKeys.REASON_MESSAGE, ""),
                EmbeddedJson.ofText(f.getOrDefault(RedisKeys.REASON_METADATA, "{}")), n,
                f.getOrDefault(RedisKeys.GROUP_ID, ""),
                dlqAt == null ? null : WireTime.parse(dlqAt));
    }

    /** The fields in Dazzle's order, ready for {@code XADD dazzle:dlq:<topic>}. */
    public Map<String, String> toFields() {
        Map<String, String> m = new LinkedHashMap<>(event.toFields());
        m.put(RedisKeys.REASON_CODE, reasonCode);
        m.put(RedisKeys.REASON_MESSAGE, reasonMessage);
        m.put(RedisKeys.REASON_METADATA, reasonMetadata.toString());
        m.put(RedisKeys.ATTEMPTS, Integer.toString(attempts));
        m.put(RedisKeys.GROUP_ID, groupId);
        m.put(RedisKeys.DLQ_AT, dlqAt.text());
        return Collections.unmodifiableMap(m);
    }

    /** The {@code /dlq} entry for this stream entry of {@code dazzle:dlq:<topic>}. */
    public DLQEntry toDlqEntry(String topic) {
        return DLQEntry.listed(event.id(), topic, groupId, reasonCode, reasonMessage, attempts, dlqAt);
    }
}
