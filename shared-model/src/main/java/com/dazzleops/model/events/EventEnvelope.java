package com.dazzleops.model.events;

import com.dazzleops.model.json.PythonJson;

import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The event envelope (wire-events §5): the in-memory and serialised form of every event on every bus.
 *
 * <p>Serialised keys, in this order: {@code event_id}, {@code event_type}, {@code event_version},
 * {@code correlation_id}, {@code causation_id}, {@code key}, {@code payload}, {@code headers}, {@code timestamp},
 * {@code producer}, {@code deliver_at}. That is the form of the outbox {@code envelope_json} column (Python
 * {@code json.dumps} text: {@link #toPythonJson()}) and of the PostgreSQL DLQ {@code envelope} column. Reading
 * ({@link #fromJson}) requires {@code event_id} and {@code timestamp}; everything else defaults like Dazzle's
 * {@code from_dict} ({@code event_version} "1.0", {@code payload} {}, {@code headers} {}, {@code producer}
 * "dazzle"; a missing {@code event_type} or {@code key} becomes "" here, where Python would raise).
 *
 * <p>There is no sequence field: storage positions (PostgreSQL {@code sequence_num}, Redis entry ids) are not part
 * of the envelope. {@code deliver_at} is not honoured by any bus and not persisted by the PostgreSQL or Redis bus.
 *
 * <p>Derived properties (§5.2): {@link #topic()} (everything before the last dot of {@code event_type}),
 * {@link #action()} (after the last dot), {@link #entityName()} (second dot-separated part).
 *
 * @param eventId       unique id; PostgreSQL primary key and inbox dedupe key
 * @param eventType     {@code <domain>.<entity>.<action>}, e.g. {@code auth.user.logged_in}
 * @param eventVersion  schema version, default "1.0"
 * @param correlationId groups the events of one workflow, nullable
 * @param causationId   {@code event_id} of the causing event, nullable
 * @param key           partition/ordering key, usually the entity id
 * @param payload       event data, a JSON object
 * @param headers       string metadata ({@code tenant_id}, {@code session_id} ...), insertion order kept
 * @param timestamp     occurrence time (Python ISO, {@code +00:00})
 * @param producer      producing component, default "dazzle"
 * @param deliverAt     "not before" time, nullable and ignored by every bus
 */
public record EventEnvelope(UUID eventId, String eventType, String eventVersion, UUID correlationId,
                            UUID causationId, String key, JsonNode payload, Map<String, String> headers,
                            WireTime timestamp, String producer, WireTime deliverAt) {

    public static final String DEFAULT_VERSION = "1.0";
    public static final String DEFAULT_PRODUCER = "dazzle";

    public EventEnvelope {
        Objects.requireNonNull(eventId, "event_id is required");
        Objects.requireNonNull(timestamp, "timestamp is required");
        eventType = WireCollections.orEmpty(eventType);
        eventVersion = eventVersion == null ? DEFAULT_VERSION : eventVersion;
        key = WireCollections.orEmpty(key);
        payload = payload == null || payload.isNull() || payload.isMissingNode()
                ? JsonNodeFactory.instance.objectNode() : payload;
        headers = WireCollections.map(headers);
        producer = producer == null ? DEFAULT_PRODUCER : producer;
    }

    /** A new event: a fresh time-ordered id ({@link EventIds}), the current UTC time (Python ISO), no correlation. */
    public static EventEnvelope create(String eventType, String key, JsonNode payload, Map<String, String> headers,
                                       String producer) {
        return create(eventType, key, payload, headers, producer, Clock.systemUTC());
    }

    /** {@link #create(String, String, JsonNode, Map, String)} with the time taken from {@code clock}. */
    public static EventEnvelope create(String eventType, String key, JsonNode payload, Map<String, String> headers,
                                       String producer, Clock clock) {
        return new EventEnvelope(EventIds.next(), eventType, DEFAULT_VERSION, null, null, key, payload, headers,
                WireTime.pythonIso(Instant.now(clock)), producer, null);
    }

    /** A payload object built from a map (insertion order kept), for callers that do not hold a tree. */
    public static ObjectNode payloadOf(Map<String, ?> fields) {
        return Wire.mapper().valueToTree(fields);
    }

    /** The envelope read from its serialised JSON (either compact or Python-spaced). */
    public static EventEnvelope fromJson(String json) {
        return Wire.read(json, EventEnvelope.class);
    }

    /** Python {@code to_json()}: the text Dazzle stores in the outbox's {@code envelope_json}. */
    public String toPythonJson() {
        return PythonJson.dumps(Wire.mapper().valueToTree(this));
    }

    /** Everything before the last {@code .} of {@code event_type}; the whole type if it has no dot. */
    public String topic() {
        return topicOf(eventType);
    }

    /** Everything after the last {@code .} of {@code event_type}; "" if it has no dot. */
    public String action() {
        int dot = eventType.lastIndexOf('.');
        return dot < 0 ? "" : eventType.substring(dot + 1);
    }

    /** The second dot-separated part of {@code event_type}; "" if there are fewer than two. */
    public String entityName() {
        String[] parts = eventType.split("\\.", -1);
        return parts.length >= 2 ? parts[1] : "";
    }

    /** The topic derived from an event type (§5.2): {@code auth.user.logged_in} gives {@code auth.user}. */
    public static String topicOf(String eventType) {
        int dot = eventType.lastIndexOf('.');
        return dot < 0 ? eventType : eventType.substring(0, dot);
    }

    /** A copy with {@code correlation_id} set; like Dazzle's {@code with_correlation}, it drops {@code deliver_at}. */
    public EventEnvelope withCorrelation(UUID correlation) {
        return new EventEnvelope(eventId, eventType, eventVersion, correlation, causationId, key, payload, headers,
                timestamp, producer, null);
    }

    /**
     * A copy caused by {@code cause}: causation = the cause's id, correlation = the cause's correlation or, failing
     * that, the cause's id. Drops {@code deliver_at}, like Dazzle's {@code caused_by}.
     */
    public EventEnvelope causedBy(EventEnvelope cause) {
        UUID correlation = cause.correlationId() != null ? cause.correlationId() : cause.eventId();
        return new EventEnvelope(eventId, eventType, eventVersion, correlation, cause.eventId(), key, payload, headers,
                timestamp, producer, null);
    }

    /** A copy to be delivered no earlier than {@code when} (not honoured by any bus; kept for the outbox JSON). */
    public EventEnvelope delayedUntil(WireTime when) {
        return new EventEnvelope(eventId, eventType, eventVersion, correlationId, causationId, key, payload, headers,
                timestamp, producer, when);
    }
}
