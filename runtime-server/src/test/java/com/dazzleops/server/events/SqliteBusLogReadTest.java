package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.dazzleops.server.events.EventsTestSupport.await;
import static com.dazzleops.server.events.EventsTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How SQLite consumers read the bus log (V54/V55): the outbox's own appends are marked {@code bus_ready} and read from
 * their stored envelope text in one pass; rows written any other way are checked by the relay, and a row whose plain
 * read could differ from the bus-log columns (a payload that is not an object, a header that is not text) reaches the
 * consumer exactly as the bus-log view (the topic page) shows it.
 */
class SqliteBusLogReadTest extends SqliteFrameworkTest {

    static final String TOPIC = "invoice_events";
    static final String GROUP = "read-group";

    @Test
    void consumersGetWhatTheBusLogShowsForAppendedAndHandWrittenRows() throws Exception {
        ds = EventsTestSupport.sqlite(dir.resolve("read.db")); // migrated, V55 included
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(RecordingConsumer.DDL);
        }
        String arrayPayload = UUID.randomUUID().toString();
        String oddHeaders = UUID.randomUUID().toString();
        String upperCorrelation = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        String ts = "\"timestamp\": \"2026-03-01T10:00:00+00:00\"";
        Map<String, String> byHand = new LinkedHashMap<>();
        byHand.put(arrayPayload, "{\"event_id\": \"" + arrayPayload + "\", \"event_type\": \"app.invoice_events.X\","
                + " \"key\": \"k1\", \"payload\": [1, 2], " + ts + "}");
        byHand.put(oddHeaders, "{\"event_id\": \"" + oddHeaders + "\", \"event_type\": \"app.invoice_events.X\","
                + " \"key\": \"k2\", \"payload\": {\"a\": 1}, \"headers\": {\"n\": 5, \"o\": {\"a\": 1}, \"z\": null,"
                + " \"t\": \"text\"}, " + ts + "}");
        byHand.put(upperCorrelation, "{\"event_id\": \"" + upperCorrelation + "\", \"event_type\": \"app.invoice_events.X\","
                + " \"key\": \"k3\", \"correlation_id\": \"" + correlation.toUpperCase() + "\", \"payload\": {}, " + ts
                + ", \"producer\": \"elsewhere\"}");
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO _dazzle_event_outbox (id, topic, event_type, key,"
                     + " envelope_json, status, created_at, attempts, next_attempt_ms) VALUES (?, ?,"
                     + " 'app.invoice_events.X', 'k', ?, 'pending', '2026-03-01T10:00:00+00:00', 0, 0)")) {
            for (var e : byHand.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, TOPIC);
                ps.setString(3, e.getValue());
                ps.executeUpdate();
            }
        }
        List<EventEnvelope> appended = List.of(
                EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "a1",
                        JsonNodeFactory.instance.objectNode().put("n", 1), Map.of("tenant_id", "t1"), "test"),
                EventEnvelope.create("app.invoice_events.InvoicePaid", "a2",
                        JsonNodeFactory.instance.objectNode().put("n", 2), Map.of(), "test"));
        framework = new EventFramework(ds, SqlDialect.SQLITE, EventFramework.Settings.defaults()
                .withRelay(new OutboxRelay.Config(200, 20, 5, 50, 1000, 30_000))
                .withConsumer(new ConsumerRunner.Config(10, 20, 5, 20, 200)));
        RecordingConsumer consumer = new RecordingConsumer(TOPIC, GROUP);
        framework.register(consumer);
        framework.start();
        Connection tx = Db.begin(ds, SqlDialect.SQLITE);
        try {
            framework.append(tx, TOPIC, appended);
            tx.commit();
        } finally {
            Db.release(tx);
        }
        framework.nudgeRelay();
        await(Duration.ofSeconds(30), () -> count(ds, "SELECT count(*) FROM test_handled") >= 5, "all 5 handled");

        // the outbox's appends are marked, the hand-written rows are not (the relay checked them)
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox WHERE bus_ready = 1")).isEqualTo(2);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_outbox_state WHERE status = 'published'")).isEqualTo(5);

        // every event as delivered equals the event as the bus-log view gives it
        EventBus.TopicPage page = framework.bus().page(TOPIC, 0, 10, null, null);
        assertThat(page.events()).hasSize(5);
        for (EventBus.StoredEvent stored : page.events()) {
            EventEnvelope viewed = stored.envelope();
            EventEnvelope got = consumer.seen.get(viewed.eventId().toString());
            assertThat(got).as("delivered %s", viewed.eventId()).isNotNull();
            assertThat(got.payload()).isEqualTo(viewed.payload());
            assertThat(got.headers()).containsExactlyEntriesOf(viewed.headers());
            assertThat(got.correlationId()).isEqualTo(viewed.correlationId());
            assertThat(got.eventType()).isEqualTo(viewed.eventType());
            assertThat(got.key()).isEqualTo(viewed.key());
            assertThat(got.producer()).isEqualTo(viewed.producer());
            assertThat(got.timestamp().toInstant()).isEqualTo(viewed.timestamp().toInstant());
        }
        assertThat(consumer.seen.get(arrayPayload).payload().isObject()).isTrue();
        assertThat(consumer.seen.get(arrayPayload).payload().size()).isZero();
        assertThat(consumer.seen.get(oddHeaders).headers())
                .containsExactly(Map.entry("n", "5"), Map.entry("o", "{\"a\":1}"), Map.entry("t", "text"));
        assertThat(consumer.seen.get(upperCorrelation).correlationId()).isEqualTo(UUID.fromString(correlation));
        assertThat(consumer.seen.get(upperCorrelation).producer()).isEqualTo("elsewhere");
        for (EventEnvelope e : appended) {
            EventEnvelope got = consumer.seen.get(e.eventId().toString());
            assertThat(got.payload()).isEqualTo(e.payload());
            assertThat(got.headers()).containsExactlyEntriesOf(e.headers());
            assertThat(got.timestamp().toInstant()).isEqualTo(e.timestamp().toInstant());
        }
    }

    @Test
    void theQuickReadTakesOnlyEnvelopesItReadsAsTheBusLogDoes() {
        String id = UUID.randomUUID().toString();
        String ts = "\"timestamp\": \"2026-03-01T10:00:00+00:00\"";
        assertThat(JdbcEventBus.quickEnvelope("{\"event_id\": \"" + id + "\", \"payload\": {\"a\": 1}, " + ts + "}"))
                .isNotNull().extracting(e -> e.eventId().toString()).isEqualTo(id);
        assertThat(JdbcEventBus.quickEnvelope("{\"event_id\": \"" + id + "\", \"payload\": [1], " + ts + "}")).isNull();
        assertThat(JdbcEventBus.quickEnvelope("{\"event_id\": \"" + id + "\", \"headers\": {\"o\": {}}, " + ts + "}"))
                .isNull();
        assertThat(JdbcEventBus.quickEnvelope("not json")).isNull();
        assertThat(JdbcEventBus.quickEnvelope(null)).isNull();
    }
}
