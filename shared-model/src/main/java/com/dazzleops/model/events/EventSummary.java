package com.dazzleops.model.events;

import com.dazzleops.model.json.PythonJson;

import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a topic page, {@code GET /_dazzle/events/topics/{topic}} (wire-events §4.3), model
 * {@code EventSummary} (no nullable fields).
 *
 * <p>{@code payload_preview} is Python's {@code json.dumps(payload)} cut to 100 characters, plus {@code ...} when
 * the cut text is exactly 100 characters long, even when nothing was removed (see {@link #previewOf}). On the
 * PostgreSQL bus the payload's keys come back in JSONB order (shorter keys first), so the preview does too.
 *
 * @param eventId        envelope {@code event_id}
 * @param eventType      envelope {@code event_type}
 * @param key            partition key (may be {@code ""})
 * @param timestamp      occurrence time
 * @param payloadPreview see {@link #previewOf}
 */
public record EventSummary(String eventId, String eventType, String key, WireTime timestamp, String payloadPreview) {

    /** Characters of {@code json.dumps(payload)} kept in a preview. */
    public static final int PREVIEW_LENGTH = 100;
    /** Appended when the cut preview is exactly {@link #PREVIEW_LENGTH} characters long. */
    public static final String PREVIEW_ELLIPSIS = "...";

    public EventSummary {
        key = WireCollections.orEmpty(key);
        payloadPreview = WireCollections.orEmpty(payloadPreview);
    }

    /** The summary our server lists for a stored envelope. */
    public static EventSummary of(EventEnvelope envelope) {
        return new EventSummary(envelope.eventId().toString(), envelope.eventType(), envelope.key(),
                envelope.timestamp(), previewOf(envelope.payload()));
    }

    /**
     * Dazzle's preview rule: {@code s = json.dumps(payload, default=str)[:100]}, then {@code s + "..."} if
     * {@code len(s) == 100}. A payload serialising to exactly 100 characters therefore also gets {@code ...}.
     */
    public static String previewOf(JsonNode payload) {
        String s = PythonJson.dumps(payload);
        if (s.length() >= PREVIEW_LENGTH) {
            return s.substring(0, PREVIEW_LENGTH) + PREVIEW_ELLIPSIS;
        }
        return s;
    }

    /** True when the preview was cut (or hit exactly 100 characters) and ends with the added {@code ...}. */
    public boolean previewTruncated() {
        return payloadPreview.length() == PREVIEW_LENGTH + PREVIEW_ELLIPSIS.length()
                && payloadPreview.endsWith(PREVIEW_ELLIPSIS);
    }
}
