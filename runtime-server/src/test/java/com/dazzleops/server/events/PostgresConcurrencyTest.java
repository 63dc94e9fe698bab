package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.dazzleops.server.events.EventsTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/** Several relays and several instances of a group on one PostgreSQL database. */
class PostgresConcurrencyTest {

    String url;
    String schema;
    HikariDataSource ds;

    @BeforeEach
    void open() {
        url = EventsTestSupport.pgUrlOrSkip();
        schema = EventsTestSupport.newSchemaName();
        ds = EventsTestSupport.postgres(url, schema, 12);
    }

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
            EventsTestSupport.dropSchema(url, schema);
        }
    }

    private void appendMany(OutboxStore store, String topic, int n) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            List<EventEnvelope> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(EventPipelineContract.event("InvoiceSubmitted", "k" + i, i));
                if (batch.size() == 500) {
                    store.append(c, topic, batch);
                    batch.clear();
                }
            }
            store.append(c, topic, batch);
            c.commit();
        }
    }

    @Test
    void threeConcurrentRelaysPublishEveryRowExactlyOnce() throws Exception {
        OutboxStore store = new OutboxStore(ds, SqlDialect.POSTGRES);
        JdbcEventBus bus = new JdbcEventBus(ds, SqlDialect.POSTGRES);
        appendMany(store, "invoice_events", 6000);
        OutboxRelay.Config cfg = new OutboxRelay.Config(200, 10, 5, 50, 1000, 30_000);
        List<OutboxRelay> relays = List.of(new OutboxRelay(store, bus, cfg, null), new OutboxRelay(store, bus, cfg, null),
                new OutboxRelay(store, bus, cfg, null));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> results = new ArrayList<>();
        for (OutboxRelay r : relays) {
            results.add(pool.submit(() -> {
                int total = 0;
                int n;
                do {
                    n = r.publishBatch();
                    total += n;
                } while (n > 0);
                return total;
            }));
        }
        int sum = 0;
        List<Integer> perRelay = new ArrayList<>();
        for (Future<Integer> f : results) {
            int n = f.get();
            perRelay.add(n);
            sum += n;
        }
        pool.shutdown();
        // every row claimed by exactly one relay: the per-relay counts add up to the rows, not more
        assertThat(sum).isEqualTo(6000);
        assertThat(perRelay.stream().filter(n -> n > 0).count()).as("relays that did work: %s", perRelay)
                .isGreaterThanOrEqualTo(2);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_events")).isEqualTo(6000);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox WHERE status = 'published'")).isEqualTo(6000);
        // sequence order equals commit order, and follows outbox order within each relay batch
        assertThat(count(ds, "SELECT count(DISTINCT sequence_num) FROM _dazzle_events")).isEqualTo(6000);
    }

    /** The Redis relay on a PostgreSQL outbox holds its claimed rows locked while it publishes (no lease row). */
    @Test
    void threeConcurrentRelaysOnTheRedisBusPublishEveryRowExactlyOnce() throws Exception {
        String redisUrl = EventsTestSupport.redisUrlOrSkip();
        String prefix = "evtest-" + schema + ":";
        OutboxStore store = new OutboxStore(ds, SqlDialect.POSTGRES);
        try (RedisEventBus bus = new RedisEventBus(redisUrl, prefix, ds, SqlDialect.POSTGRES, 1000, 10);
             redis.clients.jedis.RedisClient raw = redis.clients.jedis.RedisClient.create(java.net.URI.create(redisUrl))) {
            try {
                appendMany(store, "invoice_events", 3000);
                OutboxRelay.Config cfg = new OutboxRelay.Config(150, 10, 5, 50, 1000, 30_000);
                List<OutboxRelay> relays = List.of(new OutboxRelay(store, bus, cfg, null),
                        new OutboxRelay(store, bus, cfg, null), new OutboxRelay(store, bus, cfg, null));
                ExecutorService pool = Executors.newFixedThreadPool(3);
                List<Future<Integer>> results = new ArrayList<>();
                for (OutboxRelay r : relays) {
                    results.add(pool.submit(() -> {
                        int total = 0;
                        int n;
                        do {
                            n = r.publishBatch();
                            total += n;
                        } while (n > 0);
                        return total;
                    }));
                }
                int sum = 0;
                List<Integer> perRelay = new ArrayList<>();
                for (Future<Integer> f : results) {
                    perRelay.add(f.get());
                    sum += perRelay.get(perRelay.size() - 1);
                }
                pool.shutdown();
                assertThat(sum).as("rows published per relay: %s", perRelay).isEqualTo(3000);
                assertThat(perRelay.stream().filter(n -> n > 0).count()).as("relays that did work: %s", perRelay)
                        .isGreaterThanOrEqualTo(2);
                assertThat(raw.xlen(prefix + "dazzle:stream:invoice_events")).isEqualTo(3000);
                assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox WHERE status = 'published'"
                        + " AND lock_token IS NULL AND published_at IS NOT NULL")).isEqualTo(3000);
            } finally {
                bus.deleteAllKeysUnderPrefix();
            }
        }
    }

    /**
     * Rows another relay holds (it is between its claim and its commit) are skipped, not published twice; when that
     * relay dies before committing, its rows are due again at once and published once.
     */
    @Test
    void theRedisRelaySkipsRowsAnotherRelayHoldsAndTakesThemWhenItDies() throws Exception {
        String redisUrl = EventsTestSupport.redisUrlOrSkip();
        String prefix = "evtest-" + schema + ":";
        OutboxStore store = new OutboxStore(ds, SqlDialect.POSTGRES);
        try (RedisEventBus bus = new RedisEventBus(redisUrl, prefix, ds, SqlDialect.POSTGRES, 1000, 10);
             redis.clients.jedis.RedisClient raw = redis.clients.jedis.RedisClient.create(java.net.URI.create(redisUrl))) {
            try {
                appendMany(store, "invoice_events", 100);
                OutboxRelay relay = new OutboxRelay(store, bus, new OutboxRelay.Config(500, 10, 5, 50, 1000, 30_000),
                        null);
                try (Connection other = ds.getConnection()) {
                    other.setAutoCommit(false);
                    try (Statement s = other.createStatement()) {
                        // what a relay in the middle of its publish holds: the oldest 40 rows, locked
                        s.execute("SELECT id FROM _dazzle_event_outbox ORDER BY seq LIMIT 40 FOR UPDATE");
                    }
                    assertThat(relay.publishBatch()).isEqualTo(60);
                    assertThat(relay.publishBatch()).isZero();
                    assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox WHERE status = 'pending'"))
                            .isEqualTo(40);
                    other.rollback(); // the other relay died before its commit
                }
                assertThat(relay.publishBatch()).isEqualTo(40);
                assertThat(raw.xlen(prefix + "dazzle:stream:invoice_events")).isEqualTo(100);
                assertThat(store.stats().published()).isEqualTo(100);
                assertThat(store.stats().publishing()).isZero();
            } finally {
                bus.deleteAllKeysUnderPrefix();
            }
        }
    }

    /** A batch append (one unnest insert): every character of the envelope arrives as written, in list order. */
    @Test
    void aBatchAppendKeepsEveryCharacterAndTheListOrder() throws Exception {
        OutboxStore store = new OutboxStore(ds, SqlDialect.POSTGRES);
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode p = com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode();
            p.put("text", "tab\there, newline\nthere, cr\r, backslash \\ \\N \\., quote \", caf\u00e9 \ud83d\ude00 " + i);
            events.add(EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "k\t" + i + "\\", p,
                    java.util.Map.of("h", "v\n" + i), "test"));
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            store.append(c, "invoice_events", events);
            c.commit();
        }
        List<String> stored = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT envelope_json, key, status, attempts, topic"
                     + " FROM _dazzle_event_outbox ORDER BY seq")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
                keys.add(rs.getString(2));
                assertThat(rs.getString(3)).isEqualTo("pending");
                assertThat(rs.getInt(4)).isZero();
                assertThat(rs.getString(5)).isEqualTo("invoice_events");
            }
        }
        assertThat(stored).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(stored.get(i)).isEqualTo(com.dazzleops.model.json.Wire.write(events.get(i)));
            assertThat(keys.get(i)).isEqualTo(events.get(i).key());
        }
    }

    /** A batch that meets an inbox row (a redelivery) is applied event by event: the new events once, the old not. */
    @Test
    void aRedeliveredEventInABatchIsNotAppliedTwice() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(RecordingConsumer.DDL);
        }
        RecordingConsumer consumer = new RecordingConsumer("invoice_events", "g-redelivery");
        ConsumerRunner runner = new ConsumerRunner(consumer, new JdbcEventBus(ds, SqlDialect.POSTGRES), ds,
                SqlDialect.POSTGRES, ConsumerRunner.Config.defaults());
        List<EventEnvelope> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(EventPipelineContract.event("InvoiceSubmitted", "k" + i, i));
        }
        List<EventEnvelope> second = new ArrayList<>(first.subList(3, 5));
        second.add(EventPipelineContract.event("InvoiceSubmitted", "k5", 5));
        second.add(first.get(4)); // the same event twice in one batch
        for (List<EventEnvelope> batch : List.of(first, second)) {
            try (Connection tx = ds.getConnection()) {
                tx.setAutoCommit(false);
                runner.applyBatch(tx, batch);
                tx.commit();
            }
        }
        assertThat(count(ds, "SELECT count(*) FROM test_handled")).isEqualTo(6);
        assertThat(count(ds, "SELECT count(DISTINCT event_id) FROM test_handled")).isEqualTo(6);
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_inbox WHERE consumer_name = 'g-redelivery'"))
                .isEqualTo(6);
    }

    @Test
    void lagIsACountOfTheTopicsEventsNotASequenceSubtraction() throws Exception {
        OutboxStore store = new OutboxStore(ds, SqlDialect.POSTGRES);
        JdbcEventBus bus = new JdbcEventBus(ds, SqlDialect.POSTGRES);
        OutboxRelay relay = new OutboxRelay(store, bus, OutboxRelay.Config.defaults(), null);
        bus.ensureGroup("a", "g");
        // interleave two topics so topic a's sequence numbers have gaps
        for (int i = 0; i < 10; i++) {
            appendMany(store, "a", 1);
            appendMany(store, "b", 3);
            relay.publishBatch();
        }
        assertThat(bus.consumers()).singleElement().satisfies(c -> {
            assertThat(c.lag()).isEqualTo(10);
            assertThat(c.lastSequence()).isZero();
        });
        // consume 4 events of topic a
        int n = bus.poll("a", "g", "c1", 4, (tx, events) -> assertThat(events).hasSize(4));
        assertThat(n).isEqualTo(4);
        EventBus.ConsumerPosition p = bus.consumers().get(0);
        long maxSeq = count(ds, "SELECT max(sequence_num) FROM _dazzle_events");
        assertThat(p.lag()).isEqualTo(6);
        assertThat(maxSeq - p.lastSequence()).as("subtraction would overstate").isGreaterThan(6);
    }

    @Test
    void twoInstancesOfAGroupNeverHandleTheSameEvent() throws Exception {
        OutboxStore store = new OutboxStore(ds, SqlDialect.POSTGRES);
        JdbcEventBus bus = new JdbcEventBus(ds, SqlDialect.POSTGRES);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(RecordingConsumer.DDL);
        }
        appendMany(store, "invoice_events", 3000);
        OutboxRelay relay = new OutboxRelay(store, bus, OutboxRelay.Config.defaults(), null);
        while (relay.publishBatch() > 0) {
            // drain
        }
        RecordingConsumer handler = new RecordingConsumer("invoice_events", "grp");
        ConsumerRunner.Config cfg = new ConsumerRunner.Config(100, 10, 5, 20, 200);
        ConsumerRunner a = new ConsumerRunner(handler, bus, ds, SqlDialect.POSTGRES, cfg);
        ConsumerRunner b = new ConsumerRunner(handler, bus, ds, SqlDialect.POSTGRES, cfg);
        a.start();
        b.start();
        try {
            EventsTestSupport.await(java.time.Duration.ofSeconds(30),
                    () -> count(ds, "SELECT count(*) FROM test_handled") >= 3000, "3000 handled");
            Thread.sleep(200);
        } finally {
            a.stop();
            b.stop();
        }
        assertThat(count(ds, "SELECT count(*) FROM test_handled")).isEqualTo(3000);
        assertThat(handler.calls.get()).as("handler invocations").isEqualTo(3000);
        assertThat(a.handledCount() + b.handledCount()).isEqualTo(3000);
    }
}
