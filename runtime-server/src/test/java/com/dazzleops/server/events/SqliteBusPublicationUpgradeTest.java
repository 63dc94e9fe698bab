package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.dazzleops.server.events.EventsTestSupport.await;
import static com.dazzleops.server.events.EventsTestSupport.count;
import static com.dazzleops.server.events.EventsTestSupport.handledInOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * V57 on a SQLite database whose bus log is numbered in the outbox itself ({@code pub_seq}, V54-V56): the published
 * rows get their publications with the same numbers and publish times, the column goes, and everything reads as
 * before: a group's position keeps its meaning, the pending row is published after them, the statistics, topic,
 * page, event and lag readings agree, and clean-up takes a row's publication with it.
 */
class SqliteBusPublicationUpgradeTest extends SqliteFrameworkTest {

    static final String TOPIC = "invoice_events";
    static final String GROUP = "publication-upgrade";

    @Test
    void rowsPublishedInPlaceKeepTheirNumbersAndTimesAndAreConsumedOnce() throws Exception {
        ds = EventsTestSupport.sqliteMigratedTo(dir.resolve("v56.db"), "56");

        // as V56 left it: three rows published in place and numbered 11..13 (after 10 numbers used before), one
        // pending row, and a group that has handled the first published one
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "k-" + i,
                    JsonNodeFactory.instance.objectNode().put("n", i), Map.of("tenant_id", "t1"), "test"));
        }
        List<String> json = OutboxStore.prepare(events).envelopeJson();
        try (Connection conn = ds.getConnection();
             PreparedStatement ps = conn.prepareStatement("INSERT INTO _dazzle_event_outbox (id, topic, event_type,"
                     + " key, envelope_json, status, created_at, published_at, attempts, next_attempt_ms, pub_seq,"
                     + " bus_ready) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00+00:00', ?, 0, 0, ?, 1)")) {
            for (int i = 0; i < 4; i++) {
                EventEnvelope e = events.get(i);
                boolean published = i < 3;
                ps.setString(1, e.eventId().toString());
                ps.setString(2, TOPIC);
                ps.setString(3, e.eventType());
                ps.setString(4, e.key());
                ps.setString(5, json.get(i));
                ps.setString(6, published ? "published" : "pending");
                ps.setString(7, published ? "2026-01-01T00:00:0" + (i + 1) + "+00:00" : null);
                ps.setObject(8, published ? 11L + i : null);
                ps.executeUpdate();
            }
        }
        try (Connection conn = ds.getConnection(); Statement s = conn.createStatement()) {
            s.execute("UPDATE _dazzle_bus_seq SET last = 13");
            s.execute("INSERT INTO _dazzle_consumer_offsets (topic, group_id, last_sequence) VALUES ('" + TOPIC
                    + "', '" + GROUP + "', 11)");
            s.execute(RecordingConsumer.DDL);
        }

        EventsSchema.migrate(ds, SqlDialect.SQLITE, null);

        assertThat(count(ds, "SELECT count(*) FROM _dazzle_bus_pub")).isEqualTo(3);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_bus_pub p JOIN _dazzle_event_outbox o ON o.rowid ="
                + " p.outbox_rowid WHERE p.seq = 10 + o.rowid AND p.published_at = o.published_at")).isEqualTo(3);
        assertThat(count(ds, "SELECT count(*) FROM pragma_table_info('_dazzle_event_outbox') WHERE name = 'pub_seq'"))
                .as("the in-place number is gone").isZero();
        OutboxStore store = new OutboxStore(ds, SqlDialect.SQLITE);
        assertThat(store.stats().published()).isEqualTo(3);
        assertThat(store.stats().pending()).isEqualTo(1);

        framework = new EventFramework(ds, SqlDialect.SQLITE, EventFramework.Settings.defaults()
                .withRelay(new OutboxRelay.Config(200, 20, 5, 50, 1000, 30_000))
                .withConsumer(new ConsumerRunner.Config(2, 20, 5, 20, 200)));
        framework.register(new RecordingConsumer(TOPIC, GROUP));
        framework.start();
        framework.nudgeRelay();
        await(Duration.ofSeconds(30), () -> count(ds, "SELECT count(*) FROM test_handled") >= 3,
                "the 2 unhandled published events and the pending one handled");
        Thread.sleep(200);

        assertThat(handledInOrder(ds)).containsExactly(events.get(1).eventId().toString(),
                events.get(2).eventId().toString(), events.get(3).eventId().toString());
        long fourth = count(ds, "SELECT seq FROM _dazzle_bus_pub WHERE outbox_rowid = 4");
        assertThat(fourth).as("the pending row numbered after the others").isGreaterThan(13);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox WHERE rowid = 4 AND status = 'pending'"))
                .as("published without a rewrite of the row").isEqualTo(1);
        assertThat(store.stats().published()).isEqualTo(4);
        assertThat(store.stats().pending()).isZero();
        assertThat(store.recent(10)).extracting(OutboxStore.Row::status).containsOnly("published");
        assertThat(store.recent(10)).allSatisfy(r -> assertThat(r.publishedAt()).isNotNull());

        EventBus bus = framework.bus();
        assertThat(bus.topics()).singleElement().satisfies(t -> assertThat(t.eventCount()).isEqualTo(4));
        EventBus.TopicPage page = bus.page(TOPIC, 1, 2, null, null);
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.events()).extracting(e -> e.envelope().eventId())
                .containsExactly(events.get(1).eventId(), events.get(2).eventId());
        assertThat(bus.find(events.get(0).eventId().toString())).get()
                .extracting(e -> e.envelope().key()).isEqualTo("k-0");
        assertThat(bus.consumers()).singleElement().satisfies(p -> {
            assertThat(p.lastSequence()).isEqualTo(fourth);
            assertThat(p.lag()).isZero();
        });

        // clean-up takes the rows' publications with them, so a rowid handed out again starts unpublished
        assertThat(store.deletePublishedBefore("2026-01-01T00:00:02.5+00:00")).isEqualTo(2);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_bus_pub")).isEqualTo(2);
        assertThat(bus.page(TOPIC, 0, 10, null, null).total()).isEqualTo(2);
        assertThat(store.deletePublishedBefore("9999-01-01")).isEqualTo(2);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_bus_pub")).isZero();
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox")).isZero();
    }
}
