package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.json.Wire;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.dazzleops.server.events.EventsTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer batch on the Redis bus (inbox on PostgreSQL) runs in a transaction that holds nothing else, so the fast
 * path takes no savepoint; when the batch meets a redelivered event or a failing handler it is rolled back whole and
 * redone event by event: every new event applied once, the redelivered ones not again, the failing one parked.
 */
class RedisConsumerBatchTest {

    String url;
    String schema;
    HikariDataSource ds;
    String prefix;
    RedisEventBus bus;
    final AtomicInteger savepoints = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        url = EventsTestSupport.pgUrlOrSkip();
        String redisUrl = EventsTestSupport.redisUrlOrSkip();
        schema = EventsTestSupport.newSchemaName();
        ds = EventsTestSupport.postgres(url, schema, 4);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(RecordingConsumer.DDL);
        }
        prefix = "evtest-" + schema + ":";
        bus = new RedisEventBus(redisUrl, prefix, countingSavepoints(ds), SqlDialect.POSTGRES, 1000, 10);
    }

    @AfterEach
    void close() {
        if (bus != null) {
            bus.deleteAllKeysUnderPrefix();
            bus.close();
        }
        if (ds != null) {
            ds.close();
            EventsTestSupport.dropSchema(url, schema);
        }
    }

    /** The data source, with every savepoint its connections set counted. */
    private DataSource countingSavepoints(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (p, m, a) -> {
                    Object r = invoke(m, real, a);
                    if (!(r instanceof Connection c)) {
                        return r;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (cp, cm, ca) -> {
                                if (cm.getName().equals("setSavepoint")) {
                                    savepoints.incrementAndGet();
                                }
                                return invoke(cm, c, ca);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private List<OutboxStore.Row> rows(List<EventEnvelope> events) {
        List<OutboxStore.Row> out = new ArrayList<>();
        for (EventEnvelope e : events) {
            out.add(new OutboxStore.Row(e.eventId().toString(), "invoice_events", e.eventType(), e.key(), Wire.write(e),
                    "pending", e.timestamp().text(), null, 0, null));
        }
        return out;
    }

    private static List<EventEnvelope> events(String keyPrefix, int n) {
        List<EventEnvelope> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(EventPipelineContract.event("InvoiceSubmitted", keyPrefix + i, i));
        }
        return out;
    }

    @Test
    void aCleanBatchTakesNoSavepointAndAMixedOneIsRedoneEventByEvent() throws Exception {
        RecordingConsumer handler = new RecordingConsumer("invoice_events", "grp");
        ConsumerRunner runner = new ConsumerRunner(handler, bus, ds, SqlDialect.POSTGRES,
                new ConsumerRunner.Config(100, 10, 5, 60_000, 120_000));
        bus.ensureGroup("invoice_events", "grp");

        // a batch of new events: one transaction, no savepoint
        assertThat(bus.publishExternal(rows(events("a", 20)))).isEmpty();
        assertThat(runner.pollOnce()).isEqualTo(20);
        assertThat(count(ds, "SELECT count(*) FROM test_handled")).isEqualTo(20);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_inbox")).isEqualTo(20);
        assertThat(savepoints.get()).as("savepoints on the fast path").isZero();

        // a batch with 3 events already in the inbox (a redelivery) and one whose handler fails
        List<EventEnvelope> mixed = events("b", 10);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO"
                + " _dazzle_event_inbox (event_id, consumer_name, processed_at, result) VALUES (?, 'grp', 'x',"
                + " 'success')")) {
            for (int i = 0; i < 3; i++) {
                ps.setString(1, mixed.get(i).eventId().toString());
                ps.executeUpdate();
            }
        }
        String failing = mixed.get(7).eventId().toString();
        handler.failWhen = e -> e.eventId().toString().equals(failing);
        assertThat(bus.publishExternal(rows(mixed))).isEmpty();
        assertThat(runner.pollOnce()).isEqualTo(10);

        // the 6 new, working events applied once each; the 3 redelivered not at all; the failing one parked
        assertThat(count(ds, "SELECT count(*) FROM test_handled")).isEqualTo(26);
        assertThat(count(ds, "SELECT count(*) FROM (SELECT event_id FROM test_handled GROUP BY event_id"
                + " HAVING count(*) > 1) d")).isZero();
        for (int i = 0; i < 10; i++) {
            String id = mixed.get(i).eventId().toString();
            long expected = i < 3 || i == 7 ? 0 : 1;
            assertThat(count(ds, "SELECT count(*) FROM test_handled WHERE event_id = '" + id + "'")).as("event %d", i)
                    .isEqualTo(expected);
        }
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_inbox WHERE event_id = '" + failing + "'")).isZero();
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_retry WHERE event_id = '" + failing + "'"
                + " AND group_id = 'grp' AND attempts = 1")).isEqualTo(1);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_inbox")).isEqualTo(29);

        // every delivered entry was acknowledged: nothing pending, and the next poll finds nothing
        try (redis.clients.jedis.RedisClient raw = redis.clients.jedis.RedisClient.create(
                java.net.URI.create(EventsTestSupport.redisUrlOrSkip()))) {
            assertThat(raw.xinfoGroups(prefix + "dazzle:stream:invoice_events").get(0).getPending()).isZero();
        }
        assertThat(runner.pollOnce()).isZero();
    }
}
