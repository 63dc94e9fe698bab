package com.dazzleops.model.events;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The storage shapes of wire-events §7-§8: Redis stream and DLQ entries, the PostgreSQL DLQ row. */
class RedisAndDlqShapesTest {

    static Map<String, String> fields(String resource) {
        return Wire.read(Fixtures.body("events/storage/" + resource), new TypeReference<LinkedHashMap<String, String>>() { });
    }

    @Test
    void keyNames() {
        assertThat(RedisKeys.streamKey("auth.user")).isEqualTo("dazzle:stream:auth.user");
        assertThat(RedisKeys.dlqKey("invoice_events")).isEqualTo("dazzle:dlq:invoice_events");
        assertThat(RedisKeys.offsetKey("auth.user", "sse-stream-3fa2b9c1")).isEqualTo("dazzle:offset:auth.user:sse-stream-3fa2b9c1");
        assertThat(RedisKeys.msgField("e1")).isEqualTo("msg:e1");
        assertThat(RedisKeys.retryField("e1")).isEqualTo("retry:e1");
        assertThat(RedisKeys.topicOfKey("dazzle:stream:entity.updated")).isEqualTo("entity.updated");
        assertThat(RedisKeys.topicOfKey("dazzle:dlq:a:b")).isEqualTo("a:b");
        assertThat(RedisKeys.topicOfKey("dazzle:offset:a:g")).isNull();
        assertThat(RedisKeys.entryIdMillis("1787043761118-12")).isEqualTo(1787043761118L);
        assertThatThrownBy(() -> RedisKeys.entryIdMillis("abc-0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("abc-0");
    }

    @Test
    void streamEntryFieldsAreExactlyWhatDazzlesXaddWrites() {
        EventEnvelope e = EventEnvelopeTest.contractEnvelope();
        RedisStreamEntry entry = RedisStreamEntry.of(e);
        Map<String, String> golden = fields("redis-stream-entry.json");
        assertThat(new ArrayList<>(entry.toFields().entrySet())).isEqualTo(new ArrayList<>(golden.entrySet()));
        assertThat(List.copyOf(entry.toFields().keySet())).isEqualTo(RedisKeys.ENTRY_FIELDS);
        assertThat(golden.get(RedisKeys.PAYLOAD)).as("Python json.dumps spacing").contains("\", \"email\": \"");
    }

    @Test
    void streamEntryReadsBackToTheEnvelopeWithoutDeliverAt() {
        EventEnvelope original = EventEnvelopeTest.contractEnvelope();
        EventEnvelope back = RedisStreamEntry.fromFields(fields("redis-stream-entry.json")).toEnvelope();
        assertThat(back).isEqualTo(original);

        EventEnvelope delayed = original.withCorrelation(UUID.fromString("c0ffee00-1234-4abc-8def-0123456789ab"))
                .delayedUntil(WireTime.parse("2026-08-23T00:00:00+00:00"));
        EventEnvelope viaRedis = RedisStreamEntry.fromFields(RedisStreamEntry.of(delayed).toFields()).toEnvelope();
        assertThat(viaRedis.correlationId()).isEqualTo(delayed.correlationId());
        assertThat(viaRedis.causationId()).isNull();
        assertThat(viaRedis.deliverAt()).as("not stored by the Redis bus").isNull();
    }

    @Test
    void malformedStreamEntriesAreClearErrors() {
        Map<String, String> noId = new LinkedHashMap<>(fields("redis-stream-entry.json"));
        noId.remove(RedisKeys.ID);
        assertThatThrownBy(() -> RedisStreamEntry.fromFields(noId)).hasMessageContaining("\"id\"");
        Map<String, String> badPayload = new LinkedHashMap<>(fields("redis-stream-entry.json"));
        badPayload.put(RedisKeys.PAYLOAD, "{not json");
        RedisStreamEntry kept = RedisStreamEntry.fromFields(badPayload);
        assertThat(kept.payload().rawText()).contains("{not json");
        assertThatThrownBy(kept::toEnvelope).hasMessageContaining("not JSON");
        Map<String, String> badCorrelation = new LinkedHashMap<>(fields("redis-stream-entry.json"));
        badCorrelation.put(RedisKeys.CORRELATION_ID, "wf-7");
        assertThatThrownBy(() -> RedisStreamEntry.fromFields(badCorrelation).toEnvelope())
                .hasMessageContaining("correlation_id").hasMessageContaining("wf-7");
    }

    @Test
    void redisDlqEntryAppendsTheReasonFieldsInOrder() {
        Map<String, String> golden = fields("redis-dlq-entry.json");
        RedisDlqEntry read = RedisDlqEntry.fromFields(golden);
        assertThat(new ArrayList<>(read.toFields().entrySet())).isEqualTo(new ArrayList<>(golden.entrySet()));

        RedisStreamEntry event = RedisStreamEntry.of(EventEnvelopeTest.contractEnvelope());
        Clock clock = Clock.fixed(Instant.parse("2026-08-22T08:47:19.664021Z"), ZoneOffset.UTC);
        RedisDlqEntry written = RedisDlqEntry.of(event,
                NackReason.handlerError("invalid literal for int() with base 10: 'n/a'", false), 0,
                "projection-InvoiceStatusView", clock);
        assertThat(new ArrayList<>(written.toFields().entrySet())).isEqualTo(new ArrayList<>(golden.entrySet()));
        List<String> expectedKeys = new ArrayList<>(RedisKeys.ENTRY_FIELDS);
        expectedKeys.addAll(RedisKeys.DLQ_FIELDS);
        assertThat(List.copyOf(written.toFields().keySet())).isEqualTo(expectedKeys);

        DLQEntry listed = read.toDlqEntry("invoice_events");
        assertThat(listed).isEqualTo(new DLQEntry("0b7d2f4e-51a3-4c1e-9e0f-3c6a8d2b7f90", "invoice_events",
                "projection-InvoiceStatusView", "HANDLER_ERROR", "invalid literal for int() with base 10: 'n/a'", 1,
                WireTime.parse("2026-08-22T08:47:19.664021+00:00")));
    }

    @Test
    void redisDlqEntryWithoutReasonGetsTheListingFallbacks() {
        Map<String, String> bare = new LinkedHashMap<>(fields("redis-stream-entry.json"));
        bare.put(RedisKeys.GROUP_ID, "g");
        bare.put(RedisKeys.DLQ_AT, "2026-08-22T08:47:19.664021+00:00");
        DLQEntry e = RedisDlqEntry.fromFields(bare).toDlqEntry("auth.user");
        assertThat(e.reasonCode()).isEqualTo(ReasonCode.UNKNOWN_WIRE);
        assertThat(e.reasonMessage()).isEmpty();
        assertThat(e.attempts()).isEqualTo(1);
        bare.put(RedisKeys.ATTEMPTS, "two");
        assertThatThrownBy(() -> RedisDlqEntry.fromFields(bare)).hasMessageContaining("attempts").hasMessageContaining("two");
    }

    @Test
    void postgresDeadLetterRowListsAsTheContractExample() {
        EventEnvelope envelope = EventEnvelopeTest.contractEnvelope();
        DeadLetterRecord row = new DeadLetterRecord(7, UUID.fromString("6f2d8b1a-4c3e-4a9f-b2d1-8e7c6a5b4d3c"),
                "invoice_events", "projection-InvoiceStatusView", envelope, "HANDLER_ERROR",
                "invalid literal for int() with base 10: 'n/a'", null, 1,
                WireTime.pythonIso(Instant.parse("2026-08-22T08:47:19.664021Z")));
        assertThat(row.reasonMetadata()).isEqualTo(JsonNodeFactory.instance.objectNode());
        assertThat(Wire.write(new DLQResponse(List.of(row.toDlqEntry()), 1)))
                .isEqualTo(Fixtures.body("events/dlq/contract-example.json").stripTrailing());
    }
}
