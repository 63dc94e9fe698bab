package com.dazzleops.model.events;

import com.dazzleops.model.json.PythonJson;

import com.dazzleops.model.json.EmbeddedJson;
import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The fields of one event in a Redis stream {@code dazzle:stream:<topic>} (wire-events §8.3), all strings.
 * {@code payload} and {@code headers} are Python {@code json.dumps} text; absent correlation/causation ids are
 * {@code ""}; the envelope's {@code deliver_at} is not stored. The stream entry id ({@code <ms>-<n>}, assigned by
 * Redis) is the storage position and is not part of the fields.
 *
 * @param id            the envelope's {@code event_id}
 * @param eventType     event type
 * @param eventVersion  schema version
 * @param key           partition key
 * @param payload       JSON text of the payload
 * @param headers       JSON text of the headers
 * @param correlationId UUID text or ""
 * @param causationId   UUID text or ""
 * @param timestamp     occurrence time (Python ISO)
 * @param producer      producing component
 */
public record RedisStreamEntry(String id, String eventType, String eventVersion, String key, EmbeddedJson payload,
                               EmbeddedJson headers, String correlationId, String causationId, WireTime timestamp,
                               String producer) {

    public RedisStreamEntry {
        correlationId = WireCollections.orEmpty(correlationId);
        causationId = WireCollections.orEmpty(causationId);
    }

    /** The fields Dazzle's {@code XADD} writes for an envelope. */
    public static RedisStreamEntry of(EventEnvelope e) {
        return new RedisStreamEntry(e.eventId().toString(), e.eventType(), e.eventVersion(), e.key(),
                EmbeddedJson.ofText(PythonJson.dumps(e.payload())), EmbeddedJson.ofText(PythonJson.dumps(e.headers())),
                e.correlationId() == null ? "" : e.correlationId().toString(),
                e.causationId() == null ? "" : e.causationId().toString(), e.timestamp(), e.producer());
    }

    /**
     * Reads the fields of a stream entry (already decoded from bytes).
     *
     * @throws IllegalArgumentException naming the field when {@code id} or {@code timestamp} is missing or malformed
     */
    public static RedisStreamEntry fromFields(Map<String, String> f) {
        String id = f.get(RedisKeys.ID);
        String ts = f.get(RedisKeys.TIMESTAMP);
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("stream entry has no \"" + RedisKeys.ID + "\" field");
        }
        if (ts == null) {
            throw new IllegalArgumentException("stream entry " + id + " has no \"" + RedisKeys.TIMESTAMP + "\" field");
        }
        return new RedisStreamEntry(id, f.getOrDefault(RedisKeys.EVENT_TYPE, ""),
                f.getOrDefault(RedisKeys.EVENT_VERSION, EventEnvelope.DEFAULT_VERSION), f.getOrDefault(RedisKeys.KEY, ""),
                EmbeddedJson.ofText(f.getOrDefault(RedisKeys.PAYLOAD, "{}")),
                EmbeddedJson.ofText(f.getOrDefault(RedisKeys.HEADERS, "{}")),
                f.get(RedisKeys.CORRELATION_ID), f.get(RedisKeys.CAUSATION_ID), WireTime.parse(ts),
                f.getOrDefault(RedisKeys.PRODUCER, EventEnvelope.DEFAULT_PRODUCER));
    }

    /** The fields in Dazzle's order, ready for {@code XADD}. */
    public Map<String, String> toFields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(RedisKeys.ID, id);
        m.put(RedisKeys.EVENT_TYPE, eventType);
        m.put(RedisKeys.EVENT_VERSION, eventVersion);
        m.put(RedisKeys.KEY, key);
        m.put(RedisKeys.PAYLOAD, payload.toString());
        m.put(RedisKeys.HEADERS, headers.toString());
        m.put(RedisKeys.CORRELATION_ID, correlationId);
        m.put(RedisKeys.CAUSATION_ID, causationId);
        m.put(RedisKeys.TIMESTAMP, timestamp.text());
        m.put(RedisKeys.PRODUCER, producer);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The envelope these fields carry ({@code deliver_at} is lost in Redis).
     *
     * @throws IllegalArgumentException when the id is not a UUID or the payload/headers text is not JSON
     */
    public EventEnvelope toEnvelope() {
        if (!payload.isDecoded() || !headers.isDecoded()) {
            throw new IllegalArgumentException("stream entry " + id + " has payload/headers that are not JSON");
        }
        Map<String, String> h = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : headers.value().properties()) {
            h.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        return new EventEnvelope(uuid(id, RedisKeys.ID), eventType, eventVersion,
                correlationId.isEmpty() ? null : uuid(correlationId, RedisKeys.CORRELATION_ID),
                causationId.isEmpty() ? null : uuid(causationId, RedisKeys.CAUSATION_ID), key, payload.value(), h,
                timestamp, producer, null);
    }

    private static UUID uuid(String text, String field) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stream entry field \"" + field + "\" is not a UUID: \"" + text + "\"", e);
        }
    }
}
