package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.json.Wire;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis relay's one-pass field extraction gives what the envelope round trip gave, or defers to it. */
class RedisEnvelopeFieldsTest {

    /** The one-pass extraction as a field map (null when it defers to the full path). */
    private static Map<String, String> fast(String json) {
        String[] v = RedisEventBus.fieldValuesOfStoredEnvelope(json);
        if (v == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < RedisEventBus.FIELD_COUNT; i++) {
            m.put(RedisEventBus.FIELDS[i], v[i]);
        }
        return m;
    }

    private static Map<String, String> viaEnvelope(String json) {
        return RedisEventBus.fields(EventEnvelope.fromJson(json));
    }

    @Test
    void envelopesAsTheOutboxStoresThemGiveTheSameFieldsText() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("invoice_id", "inv-1");
        p.put("amount", new BigDecimal("1250.50"));
        p.put("ratio", 1.0);
        p.put("note", "caf\u00e9 \"quoted\" \\ back\nslash \u2028 \ud83d\ude00");
        p.putArray("lines").add(1).add("two").addObject().put("x", JsonNodeFactory.instance.nullNode().asText());
        p.putObject("nested").putNull("nothing");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("tenant_id", "t1");
        headers.put("session_id", "s\u00e9");
        EventEnvelope plain = EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "inv-1", p, headers, "bench");
        EventEnvelope caused = EventEnvelope.create("app.invoice_events.InvoicePaid", "", JsonNodeFactory.instance
                .objectNode(), Map.of(), "x").causedBy(plain);
        for (EventEnvelope e : List.of(plain, caused, plain.withCorrelation(UUID.randomUUID()))) {
            String json = Wire.write(e); // what OutboxStore.append stores
            Map<String, String> fast = fast(json);
            assertThat(fast).as(json).isNotNull();
            assertThat(fast).isEqualTo(viaEnvelope(json));
            assertThat(List.copyOf(fast.keySet())).isEqualTo(List.copyOf(viaEnvelope(json).keySet()));
        }
    }

    /**
     * A double the producer's tree wrote in exponent form ({@code 1.0E21}) is passed on as stored; the envelope round
     * trip re-read it as a decimal and wrote {@code 1.0E+21}. Same JSON value either way.
     */
    @Test
    void aPayloadIsPassedOnAsStoredWithTheSameValue() throws Exception {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("big", 1e21);
        p.put("small", 1e-7);
        String json = Wire.write(EventEnvelope.create("a.b.c", "k", p, Map.of(), "x"));
        Map<String, String> fast = fast(json);
        Map<String, String> full = viaEnvelope(json);
        assertThat(fast.get("payload")).isEqualTo(Wire.write(p));
        assertThat(Wire.mapper().readTree(fast.get("payload"))).isEqualTo(Wire.mapper().readTree(full.get("payload")));
        fast.remove("payload");
        full.remove("payload");
        assertThat(fast).isEqualTo(full);
    }

    @Test
    void otherSpellingsGiveTheSameValuesOrDeferToTheFullPath() throws Exception {
        String id = UUID.randomUUID().toString();
        String spaced = "{\"event_id\": \"" + id + "\", \"event_type\": \"a.b.c\", \"correlation_id\": null,"
                + " \"payload\": {\"a\": 1.0, \"b\": [1, 2]}, \"headers\": {}, \"timestamp\":"
                + " \"2026-05-22T09:14:03.512907+00:00\", \"deliver_at\": null}";
        Map<String, String> fast = fast(spaced);
        Map<String, String> full = viaEnvelope(spaced);
        assertThat(fast).isNotNull();
        assertThat(Wire.mapper().readTree(fast.get("payload"))).isEqualTo(Wire.mapper().readTree(full.get("payload")));
        fast.remove("payload");
        full.remove("payload");
        assertThat(fast).isEqualTo(full); // defaults: version 1.0, key "", producer dazzle, empty ids
        String ts = "\"timestamp\": \"2026-05-22T09:14:03+00:00\"";
        for (String deferred : List.of(
                "{\"event_id\": \"" + id.toUpperCase() + "\", " + ts + "}",       // non-canonical id
                "{\"event_id\": \"" + id + "\", \"timestamp\": \"yesterday\"}",     // kept as text by the full path
                "{\"event_id\": \"" + id + "\", " + ts + ", \"headers\": {\"n\": 1}}",
                "{\"event_id\": \"" + id + "\", " + ts + ", \"headers\": {\"n\": null}}",
                "{\"event_id\": \"" + id + "\", " + ts + ", \"payload\": [1]}",
                "{\"event_id\": \"" + id + "\", " + ts + ", \"key\": 7}",
                "{\"event_id\": \"" + id + "\", " + ts + ", \"extra\": true}",
                "{\"event_id\": \"" + id + "\", " + ts + ", \"key\": \"a\", \"key\": \"b\"}")) {
            assertThat(fast(deferred)).as(deferred).isNull();
            Map<String, String> f = viaEnvelope(deferred); // the full path still reads these
            assertThat(f.get("id")).isEqualTo(id);
        }
        for (String bad : List.of("not json", "{\"timestamp\": \"2026-05-22T09:14:03+00:00\"}",
                "{\"event_id\": \"" + id + "\"}", "{\"event_id\": \"not-a-uuid\", " + ts + "}", "[]", "",
                "{\"event_id\": \"" + id + "\", " + ts + "} trailing")) {
            assertThat(fast(bad)).as(bad).isNull();
        }
    }

    private static Map<String, String> headersViaTree(String json) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.JsonNode h;
        try {
            h = json == null || json.isEmpty() ? Wire.mapper().createObjectNode() : Wire.mapper().readTree(json);
        } catch (Exception e) {
            h = Wire.mapper().createObjectNode();
        }
        h.fields().forEachRemaining(en -> out.put(en.getKey(),
                en.getValue().isTextual() ? en.getValue().asText() : en.getValue().toString()));
        return out;
    }

    /** The consumer's one-pass headers reader gives what the tree gave, for flat string objects and anything else. */
    @Test
    void headersReadInOnePassAsThroughTheTree() throws Exception {
        java.util.List<String> cases = java.util.Arrays.asList(null, "", "{}", "{\"tenant_id\":\"t1\"}",
                "{\"a\":\"caf\\u00e9 \\\"q\\\"\",\"b\":\"2\"}", "{\"a\":\"1\",\"a\":\"2\"}", "{\"n\":5,\"s\":\"x\"}",
                "{\"o\":{\"x\":1}}", "{\"z\":null}", "[1,2]", "5", "{\"a\":\"1\"} trailing", "{\"a\":", "not json");
        for (String json : cases) {
            Map<String, String> fast = RedisEventBus.headers(json);
            assertThat(fast).as(String.valueOf(json)).isEqualTo(headersViaTree(json));
            assertThat(List.copyOf(fast.keySet())).as(String.valueOf(json))
                    .isEqualTo(List.copyOf(headersViaTree(json).keySet()));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * XREADGROUP replies read as they come, in both protocol shapes (RESP3: the stream as a key-value pair; RESP2: a
     * [stream, entries] pair): field values by name whatever their order, unknown fields ignored, a missing field
     * null, and an entry deleted while pending (nil fields) kept with no values so it is still acknowledged.
     */
    @Test
    void xreadgroupRepliesGiveEntriesInBothProtocolShapes() {
        EventEnvelope e = EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "inv-1",
                JsonNodeFactory.instance.objectNode().put("n", 1), Map.of("tenant_id", "t1"), "bench");
        Map<String, String> f = RedisEventBus.fields(e);
        List<Object> pairs = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>(f.keySet());
        java.util.Collections.reverse(names);
        for (String n : names) {
            pairs.add(b(n));
            pairs.add(b(f.get(n)));
        }
        pairs.add(b("extra"));
        pairs.add(b("ignored"));
        List<Object> entries = List.of(List.of(b("1-0"), pairs), java.util.Arrays.asList(b("1-1"), null),
                List.of(b("1-2"), List.of(b("id"), b(e.eventId().toString()))));
        Object resp3 = List.of(new redis.clients.jedis.util.KeyValue<>(b("s"), entries));
        Object resp2 = List.of(List.of(b("s"), entries));
        for (Object reply : List.of(resp3, resp2)) {
            var got = RedisEventBus.deliveredOfReply(reply);
            assertThat(got).hasSize(3);
            assertThat(new String(got.get(0).id())).isEqualTo("1-0");
            assertThat(RedisEventBus.envelope(got.get(0).values())).isEqualTo(RedisEventBus.envelope(f));
            assertThat(Wire.write(RedisEventBus.envelope(got.get(0).values()))).isEqualTo(Wire.write(e));
            assertThat(new String(got.get(1).id())).isEqualTo("1-1");
            assertThat(got.get(1).values()).isNull();
            assertThat(got.get(2).values()[0]).isEqualTo(e.eventId().toString());
            assertThat(got.get(2).values()[1]).isNull();
        }
        assertThat(RedisEventBus.deliveredOfReply(null)).isEmpty();
        assertThat(RedisEventBus.deliveredOfReply(List.of())).isEmpty();
    }
}
