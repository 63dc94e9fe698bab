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
import java.util.UUID;

import static com.dazzleops.server.events.EventsTestSupport.await;
import static com.dazzleops.server.events.EventsTestSupport.count;
import static com.dazzleops.server.events.EventsTestSupport.handledInOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * V54 on a SQLite database that already has events in {@code _dazzle_events} (published before the bus log moved
 * into the outbox): those stay readable and are still consumed, in order, before the new ones; sequence numbers go on
 * after theirs, and the topic, page, event and lag readings count both.
 */
class SqliteBusLogUpgradeTest extends SqliteFrameworkTest {

    static final String TOPIC = "invoice_events";
    static final String GROUP = "upgrade-group";

    @Test
    void eventsCopiedBeforeV54AreStillReadAndConsumedBeforeTheNewOnes() throws Exception {
        ds = EventsTestSupport.sqliteMigratedTo(dir.resolve("upgrade.db"), "53");

        // three events on the old bus table; the group has handled the first one
        List<String> old = new ArrayList<>();
        try (Connection conn = ds.getConnection();
             PreparedStatement ps = conn.prepareStatement("INSERT INTO _dazzle_events (id, topic, event_type,"
                     + " event_version, key, payload, headers, timestamp, producer, created_at) VALUES (?, ?,"
                     + " 'app.invoice_events.InvoiceSubmitted', '1.0', ?, '{\"n\":1}', '{}', ?, 'dazzle', ?)")) {
            for (int i = 0; i < 3; i++) {
                String id = UUID.randomUUID().toString();
                old.add(id);
                ps.setString(1, id);
                ps.setString(2, TOPIC);
                ps.setString(3, "old-" + i);
                ps.setString(4, "2026-01-01T00:00:0" + i + "+00:00");
                ps.setString(5, "2026-01-01T00:00:0" + i + "+00:00");
                ps.executeUpdate();
            }
        }
        try (Connection conn = ds.getConnection(); Statement s = conn.createStatement()) {
            s.execute("INSERT INTO _dazzle_consumer_offsets (topic, group_id, last_sequence) VALUES ('" + TOPIC
                    + "', '" + GROUP + "', 1)");
            s.execute(RecordingConsumer.DDL);
        }

        EventsSchema.migrate(ds, SqlDialect.SQLITE, null);
        assertThat(count(ds, "SELECT last FROM _dazzle_bus_seq")).isEqualTo(3);

        framework = new EventFramework(ds, SqlDialect.SQLITE, EventFramework.Settings.defaults()
                .withRelay(new OutboxRelay.Config(200, 20, 5, 50, 1000, 30_000))
                .withConsumer(new ConsumerRunner.Config(2, 20, 5, 20, 200)));
        framework.register(new RecordingConsumer(TOPIC, GROUP));
        framework.start();
        List<EventEnvelope> fresh = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fresh.add(EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "new-" + i,
                    JsonNodeFactory.instance.objectNode().put("n", i), Map.of("tenant_id", "t1"), "test"));
        }
        Connection tx = Db.begin(ds, SqlDialect.SQLITE);
        try {
            framework.append(tx, TOPIC, fresh);
            tx.commit();
        } finally {
            Db.release(tx);
        }
        framework.nudgeRelay();
        await(Duration.ofSeconds(30), () -> count(ds, "SELECT count(*) FROM test_handled") >= 7,
                "the 2 unhandled old events and the 5 new ones handled");
        Thread.sleep(200);

        // each handled once, old ones first, in sequence order (batches of 2 cross the old/new boundary)
        List<String> expected = new ArrayList<>(old.subList(1, 3));
        fresh.forEach(e -> expected.add(e.eventId().toString()));
        assertThat(handledInOrder(ds)).containsExactlyElementsOf(expected);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_bus_pub WHERE seq BETWEEN 4 AND 8")).isEqualTo(5);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_events")).isEqualTo(3);

        EventBus bus = framework.bus();
        EventBus.TopicStat stat = bus.topics().get(0);
        assertThat(stat.name()).isEqualTo(TOPIC);
        assertThat(stat.eventCount()).isEqualTo(8);
        assertThat(stat.oldestEvent()).startsWith("2026-01-01T00:00:00");
        EventBus.TopicPage all = bus.page(TOPIC, 0, 100, null, null);
        assertThat(all.total()).isEqualTo(8);
        List<String> allIds = new ArrayList<>(old);
        fresh.forEach(e -> allIds.add(e.eventId().toString()));
        assertThat(all.events()).extracting(e -> e.envelope().eventId().toString()).containsExactlyElementsOf(allIds);
        EventBus.TopicPage middle = bus.page(TOPIC, 2, 3, null, null);
        assertThat(middle.total()).isEqualTo(8);
        assertThat(middle.events()).extracting(e -> e.envelope().eventId().toString())
                .containsExactlyElementsOf(allIds.subList(2, 5));
        EventBus.TopicPage byKey = bus.page(TOPIC, 0, 10, "new-3", null);
        assertThat(byKey.total()).isEqualTo(1);
        assertThat(byKey.events().get(0).envelope().eventId()).isEqualTo(fresh.get(3).eventId());
        assertThat(byKey.events().get(0).envelope().payload().get("n").asInt()).isEqualTo(3);
        assertThat(byKey.events().get(0).envelope().headers()).containsEntry("tenant_id", "t1");
        assertThat(bus.find(old.get(0))).get().extracting(EventBus.StoredEvent::topic).isEqualTo(TOPIC);
        assertThat(bus.find(fresh.get(4).eventId().toString())).get()
                .extracting(e -> e.envelope().key()).isEqualTo("new-4");
        assertThat(bus.consumers()).singleElement().satisfies(p -> {
            assertThat(p.lastSequence()).isEqualTo(8);
            assertThat(p.lag()).isZero();
        });
    }
}
