package com.dazzleops.model.events;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope of wire-events §5: its serialised forms, derived properties and copy helpers. */
class EventEnvelopeTest {

    static final String TO_JSON = "events/storage/envelope-to-json.txt";
    static final String TO_JSON_ESCAPES = "events/storage/envelope-to-json-escapes.txt";

    static EventEnvelope contractEnvelope() {
        return EventEnvelope.fromJson(Fixtures.body(TO_JSON));
    }

    @Test
    void readsPythonsToJsonAndWritesItBackByteForByte() {
        EventEnvelope e = contractEnvelope();
        assertThat(e.eventId()).isEqualTo(UUID.fromString("0b7d2f4e-51a3-4c1e-9e0f-3c6a8d2b7f90"));
        assertThat(e.producer()).isEqualTo("dazzle-auth");
        assertThat(e.correlationId()).isNull();
        assertThat(e.deliverAt()).isNull();
        assertThat(e.timestamp().toInstant()).isEqualTo(Instant.parse("2026-08-22T09:14:03.512877Z"));
        assertThat(e.toPythonJson()).isEqualTo(Fixtures.body(TO_JSON).stripTrailing());
    }

    @Test
    void pythonJsonEscapesNonAsciiControlCharactersAndWritesFloatsAsRepr() {
        String golden = Fixtures.body(TO_JSON_ESCAPES).stripTrailing();
        EventEnvelope e = EventEnvelope.fromJson(golden);
        assertThat(e.payload().path("reason").asText()).isEqualTo("Lieferung unvollständig — \"Teil 2\" fehlt\n😞");
        assertThat(e.deliverAt()).isEqualTo(WireTime.parse("2026-08-22T09:00:00+00:00"));
        assertThat(e.toPythonJson()).isEqualTo(golden);
        // the preview was computed by CPython's json.dumps when the fixture was made
        assertThat(EventSummary.previewOf(e.payload()))
                .isEqualTo(Fixtures.body("events/storage/envelope-to-json-escapes-preview.txt").stripTrailing());
    }

    @Test
    void compactSerialisationHasTheElevenKeysInOrderWithNullsWritten() {
        JsonNode tree = Wire.mapper().valueToTree(contractEnvelope());
        List<String> keys = new java.util.ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(keys).containsExactly("event_id", "event_type", "event_version", "correlation_id", "causation_id",
                "key", "payload", "headers", "timestamp", "producer", "deliver_at");
        assertThat(tree.get("deliver_at").isNull()).isTrue();
        assertThat(EventEnvelope.fromJson(Wire.write(contractEnvelope()))).isEqualTo(contractEnvelope());
    }

    @Test
    void derivedPropertiesFollowTheEventType() {
        record Case(String type, String topic, String action, String entity) { }
        for (Case c : List.of(new Case("auth.user.logged_in", "auth.user", "logged_in", "user"),
                new Case("app.Order.created", "app.Order", "created", "Order"),
                new Case("app.invoice_events.InvoiceSubmitted", "app.invoice_events", "InvoiceSubmitted", "invoice_events"),
                new Case("entity.updated", "entity", "updated", "updated"),
                new Case("heartbeat", "heartbeat", "", ""),
                new Case("", "", "", ""))) {
            EventEnvelope e = envelope(c.type());
            assertThat(e.topic()).as(c.type()).isEqualTo(c.topic());
            assertThat(e.action()).as(c.type()).isEqualTo(c.action());
            assertThat(e.entityName()).as(c.type()).isEqualTo(c.entity());
        }
    }

    @Test
    void causedByAndWithCorrelationCopyTheIdsAndDropDeliverAt() {
        EventEnvelope cause = contractEnvelope();
        EventEnvelope effect = envelope("app.Invoice.updated").delayedUntil(WireTime.parse("2026-08-23T00:00:00+00:00"));
        EventEnvelope caused = effect.causedBy(cause);
        assertThat(caused.causationId()).isEqualTo(cause.eventId());
        assertThat(caused.correlationId()).as("falls back to the cause's id").isEqualTo(cause.eventId());
        assertThat(caused.deliverAt()).isNull();
        assertThat(caused.eventId()).isEqualTo(effect.eventId());

        UUID workflow = UUID.fromString("c0ffee00-1234-4abc-8def-0123456789ab");
        EventEnvelope correlatedCause = cause.withCorrelation(workflow);
        assertThat(envelope("app.Invoice.paid").causedBy(correlatedCause).correlationId()).isEqualTo(workflow);
        assertThat(correlatedCause.eventId()).isEqualTo(cause.eventId());
    }

    @Test
    void createStampsAFreshIdAndPythonIsoUtcTime() {
        Clock clock = Clock.fixed(Instant.parse("2026-08-22T09:14:03Z"), ZoneOffset.UTC);
        EventEnvelope a = EventEnvelope.create("auth.user.logged_in", "u1",
                EventEnvelope.payloadOf(Map.of("user_id", "u1")), null, null, clock);
        EventEnvelope b = EventEnvelope.create("auth.user.logged_in", "u1", null, Map.of("session_id", "s"), "dazzle-auth", clock);
        assertThat(a.eventId()).isNotEqualTo(b.eventId());
        assertThat(a.timestamp().text()).as("no fraction when microseconds are 0").isEqualTo("2026-08-22T09:14:03+00:00");
        assertThat(a.eventVersion()).isEqualTo("1.0");
        assertThat(a.producer()).isEqualTo("dazzle");
        assertThat(a.headers()).isEmpty();
        assertThat(b.payload().isObject()).isTrue();
        assertThat(b.payload().size()).isZero();
        assertThat(b.headers()).containsEntry("session_id", "s");
    }

    @Test
    void readingRequiresIdAndTimestampAndDefaultsTheRest() {
        EventEnvelope minimal = EventEnvelope.fromJson(
                "{\"event_id\":\"0b7d2f4e-51a3-4c1e-9e0f-3c6a8d2b7f90\",\"event_type\":\"auth.user.registered\","
                        + "\"key\":\"u\",\"timestamp\":\"2026-08-22 09:14:03.5+00\"}");
        assertThat(minimal.eventVersion()).isEqualTo("1.0");
        assertThat(minimal.producer()).isEqualTo("dazzle");
        assertThat(minimal.payload().isObject()).isTrue();
        assertThat(minimal.headers()).isEmpty();
        assertThat(minimal.timestamp().toInstant()).isEqualTo(Instant.parse("2026-08-22T09:14:03.500Z"));
        assertThatThrownBy(() -> EventEnvelope.fromJson("{\"event_type\":\"x\",\"timestamp\":\"2026-08-22T09:14:03+00:00\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EventEnvelope");
        assertThatThrownBy(() -> EventEnvelope.fromJson("{\"event_id\":\"not-a-uuid\",\"timestamp\":\"2026-08-22T09:14:03+00:00\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryAndDetailOfAStoredEnvelope() {
        EventEnvelope e = contractEnvelope();
        EventSummary s = EventSummary.of(e);
        assertThat(s.eventId()).isEqualTo("0b7d2f4e-51a3-4c1e-9e0f-3c6a8d2b7f90");
        assertThat(s.timestamp()).isEqualTo(e.timestamp());
        assertThat(s.payloadPreview()).startsWith("{\"user_id\": \"5b0f2c1e-").hasSize(103);
        EventDetail d = EventDetail.of(e);
        assertThat(d.topic()).isEqualTo("auth.user");
        assertThat(d.correlationId()).isNull();
        assertThat(d.payload()).isEqualTo(e.payload());
        // with the payload in JSONB key order, the detail is the contract example byte for byte
        EventDetail example = Wire.read(Fixtures.body("events/event-detail/contract-example.json"), EventDetail.class);
        EventEnvelope stored = new EventEnvelope(e.eventId(), e.eventType(), e.eventVersion(), null, null, e.key(),
                example.payload(), e.headers(), e.timestamp(), e.producer(), null);
        assertThat(Wire.write(EventDetail.of(stored)))
                .isEqualTo(Fixtures.body("events/event-detail/contract-example.json").stripTrailing());
    }

    private static EventEnvelope envelope(String type) {
        return new EventEnvelope(UUID.randomUUID(), type, null, null, null, "k", null, null,
                WireTime.parse("2026-08-22T09:14:03+00:00"), null, null);
    }
}
