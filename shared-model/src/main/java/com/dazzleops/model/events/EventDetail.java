package com.dazzleops.model.events;

import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Map;

/**
 * One event in full, {@code GET /_dazzle/events/event/{event_id}} (wire-events §4.4), model {@code EventDetail}.
 *
 * <p>When the event does not exist the body is the JSON literal {@link #NOT_FOUND_BODY} ({@code null}) with HTTP
 * 200, never a 404. ({@link com.dazzleops.model.json.Wire#decode} reports such a body as {@code MALFORMED "null
 * body"}; a console panel for this route reads that as "no such event".)
 *
 * <p>{@code topic} is <b>derived from {@code event_type}</b> (everything before its last dot), not the topic the
 * event was stored under: {@code entity.updated} is stored in topic {@code entity.updated} but reported as
 * {@code entity}. The envelope's {@code producer} and {@code deliver_at} are not included. Header values are
 * strings.
 *
 * <p><b>Dazzle today:</b> 500 whenever a bus exists (the bus method it calls does not exist); {@code null} only
 * without a framework. Our server looks the event up by id across all topics.
 *
 * @param eventId       event id (UUID text)
 * @param eventType     event type
 * @param eventVersion  schema version, "1.0" by default
 * @param key           partition key
 * @param timestamp     occurrence time
 * @param payload       the event data (a JSON object; {} when absent)
 * @param headers       string metadata ({} when absent)
 * @param correlationId nullable
 * @param causationId   nullable
 * @param topic         derived from {@code event_type} (see above)
 */
public record EventDetail(String eventId, String eventType, String eventVersion, String key, WireTime timestamp,
                          JsonNode payload, Map<String, String> headers, String correlationId, String causationId,
                          String topic) {

    /** The whole body for an unknown event id: JSON {@code null}, HTTP 200. */
    public static final String NOT_FOUND_BODY = "null";

    public EventDetail {
        payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
        headers = WireCollections.map(headers);
    }

    /** The detail of a stored envelope, with the contract's derived {@code topic}. */
    public static EventDetail of(EventEnvelope e) {
        return new EventDetail(e.eventId().toString(), e.eventType(), e.eventVersion(), e.key(), e.timestamp(),
                e.payload(), e.headers(), e.correlationId() == null ? null : e.correlationId().toString(),
                e.causationId() == null ? null : e.causationId().toString(), e.topic());
    }

    /** The topic Dazzle would report for this event type (recomputed, for comparing with {@link #topic}). */
    public String derivedTopic() {
        return eventType == null ? "" : EventEnvelope.topicOf(eventType);
    }
}
