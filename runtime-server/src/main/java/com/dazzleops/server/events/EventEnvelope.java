package com.dazzleops.server.events;

import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as it travels through the outbox, the bus and the consumers (contract wire-events §5).
 *
 * <p>The serialised form ({@link #toJson()}) keeps the contract's key order: event_id, event_type, event_version,
 * correlation_id, causation_id, key, payload, headers, timestamp, producer, deliver_at. Timestamps are Python
 * {@code isoformat()} text ({@code +00:00}, microseconds, fraction omitted when zero).
 */
public record EventEnvelope(
        UUID eventId,
        String eventType,
        String eventVersion,
        UUID correlationId,
        UUID causationId,
        String key,
        ObjectNode payload,
        Map<String, String> headers,
        Instant timestamp,
        String producer,
        Instant deliverAt) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "event_id");
        eventType = eventType == null ? "" : eventType;
        eventVersion = eventVersion == null ? "1.0" : eventVersion;
        key = key == null ? "" : key;
        payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        timestamp = (timestamp == null ? Instant.now() : timestamp).truncatedTo(ChronoUnit.MICROS);
        producer = producer == null ? "dazzle" : producer;
    }

    /** A fresh event: random id, now (UTC), version "1.0". */
    public static EventEnvelope create(String eventType, String key, ObjectNode payload, Map<String, String> headers,
                                       String producer) {
        return new EventEnvelope(UUID.randomUUID(), eventType, "1.0", null, null, key, payload, headers,
                Instant.now(), producer, null);
    }

    /** A copy caused by {@code cause}: causation = cause id, correlation = cause's correlation or its id (§5.2). */
    public EventEnvelope causedBy(EventEnvelope cause) {
        UUID corr = cause.correlationId() != null ? cause.correlationId() : cause.eventId();
        return new EventEnvelope(eventId, eventType, eventVersion, corr, cause.eventId(), key, payload, headers,
                timestamp, producer, null);
    }

    /** The topic derived from the event type: everything before its last dot (§5.2). */
    public String derivedTopic() {
        int i = eventType.lastIndexOf('.');
        return i < 0 ? eventType : eventType.substring(0, i);
    }

    /** The last dot-separated part of the event type ("InvoiceSubmitted" for app.invoice_events.InvoiceSubmitted). */
    public String action() {
        int i = eventType.lastIndexOf('.');
        return i < 0 ? "" : eventType.substring(i + 1);
    }

    public String timestampText() {
        return WireTime.pythonIso(timestamp).text();
    }

    /** The contract's full serialised form (§5.1), keys in order. */
    public ObjectNode toJsonNode() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("event_id", eventId.toString());
        n.put("event_type", eventType);
        n.put("event_version", eventVersion);
        putUuid(n, "correlation_id", correlationId);
        putUuid(n, "causation_id", causationId);
        n.put("key", key);
        n.set("payload", payload);
        ObjectNode h = n.putObject("headers");
        headers.forEach(h::put);
        n.put("timestamp", timestampText());
        n.put("producer", producer);
        if (deliverAt == null) {
            n.putNull("deliver_at");
        } else {
            n.put("deliver_at", WireTime.pythonIso(deliverAt).text());
        }
        return n;
    }

    public String toJson() {
        try {
            return Wire.mapper().writeValueAsString(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("envelope not serialisable: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the serialised form. Requires event_id, event_type, key and timestamp; the rest default (§5.1).
     *
     * @throws IllegalArgumentException naming the problem when the text is not an envelope
     */
    public static EventEnvelope fromJson(String json) {
        JsonNode n;
        try {
            n = Wire.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("envelope is not JSON: " + e.getOriginalMessage(), e);
        }
        return fromJsonNode(n);
    }

    public static EventEnvelope fromJsonNode(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("envelope is not a JSON object");
        }
        for (String req : new String[] {"event_id", "event_type", "key", "timestamp"}) {
            if (!n.hasNonNull(req)) {
                throw new IllegalArgumentException("envelope lacks " + req);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = n.get("headers");
        if (h != null && h.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                headers.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        JsonNode p = n.get("payload");
        return new EventEnvelope(
                UUID.fromString(n.get("event_id").asText()),
                n.get("event_type").asText(),
                text(n, "event_version", "1.0"),
                uuid(n, "correlation_id"),
                uuid(n, "causation_id"),
                n.get("key").asText(),
                p != null && p.isObject() ? (ObjectNode) p : null,
                headers,
                WireTime.parse(n.get("timestamp").asText()).toInstant(),
                text(n, "producer", "dazzle"),
                n.hasNonNull("deliver_at") ? WireTime.parse(n.get("deliver_at").asText()).toInstant() : null);
    }

    private static String text(JsonNode n, String field, String dflt) {
        return n.hasNonNull(field) ? n.get(field).asText() : dflt;
    }

    private static UUID uuid(JsonNode n, String field) {
        if (!n.hasNonNull(field) || n.get(field).asText().isEmpty()) {
            return null;
        }
        return UUID.fromString(n.get(field).asText());
    }

    private static void putUuid(ObjectNode n, String field, UUID v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v.toString());
        }
    }
}
