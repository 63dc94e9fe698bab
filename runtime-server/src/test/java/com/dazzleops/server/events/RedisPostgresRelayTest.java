package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static com.dazzleops.server.events.EventsTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis relay on a PostgreSQL outbox publishes under its claim's row locks and marks the rows published in the
 * same transaction: rows the bus refuses must come out of that transaction unpublished, with their failed attempt and
 * backoff recorded, while the rest of the batch is published once and in outbox order; a bus that fails as a whole
 * leaves every row unpublished.
 */
class RedisPostgresRelayTest {

    String url;
    String schema;
    HikariDataSource ds;
    String redisUrl;
    String prefix;
    RedisEventBus bus;
    RedisClient raw;

    @BeforeEach
    void open() {
        url = EventsTestSupport.pgUrlOrSkip();
        redisUrl = EventsTestSupport.redisUrlOrSkip();
        schema = EventsTestSupport.newSchemaName();
        ds = EventsTestSupport.postgres(url, schema, 4);
        prefix = "evtest-" + schema + ":";
        bus = new RedisEventBus(redisUrl, prefix, ds, SqlDialect.POSTGRES, 1000, 10);
        raw = RedisClient.create(URI.create(redisUrl));
    }

    @AfterEach
    void close() {
        if (bus != null) {
            bus.deleteAllKeysUnderPrefix();
            bus.close();
            raw.close();
        }
        if (ds != null) {
            ds.close();
            EventsTestSupport.dropSchema(url, schema);
        }
    }

    /** Appends {@code n} InvoiceSubmitted events to the outbox in one committed transaction; returns them in order. */
    private List<EventEnvelope> appendSubmitted(OutboxStore store, int n) throws Exception {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(EventPipelineContract.event("InvoiceSubmitted", "k" + i, i));
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            store.append(c, "invoice_events", events);
            c.commit();
        }
        return events;
    }

    @Test
    void rowsTheBusRefusesStayUnpublishedWithABackoffAndTheRestArePublishedInOrder() throws Exception {
        OutboxStore store = new OutboxStore(ds, SqlDialect.POSTGRES);
        List<EventEnvelope> events = appendSubmitted(store, 40);
        String pending = events.get(5).eventId().toString();
        String failed = events.get(17).eventId().toString();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE _dazzle_event_outbox"
                + " SET envelope_json = 'not an envelope' WHERE id = ANY(?)");
             PreparedStatement f = c.prepareStatement("UPDATE _dazzle_event_outbox SET status = 'failed',"
                     + " attempts = 5 WHERE id = ?")) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {pending, failed}));
            assertThat(ps.executeUpdate()).isEqualTo(2);
            f.setString(1, failed); // past its attempts, still retried at the capped interval
            assertThat(f.executeUpdate()).isEqualTo(1);
        }
        OutboxRelay relay = new OutboxRelay(store, bus, new OutboxRelay.Config(100, 10, 5, 60_000, 120_000, 30_000),
                null);
        long before = System.currentTimeMillis();

        assertThat(relay.publishBatch()).isEqualTo(38);

        // the refused rows: not published, one more attempt, a backoff, the failed one still failed
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, status,"
                + " published_at, attempts, next_attempt_ms, last_error, lock_token FROM _dazzle_event_outbox"
                + " WHERE id = ANY(?) ORDER BY seq")) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {pending, failed}));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(pending);
                assertThat(rs.getString(2)).isEqualTo("pending");
                assertThat(rs.getString(3)).isNull();
                assertThat(rs.getInt(4)).isEqualTo(1);
                assertThat(rs.getLong(5)).isGreaterThanOrEqualTo(before + 60_000);
                assertThat(rs.getString(6)).startsWith("Unexpected error");
                assertThat(rs.getString(7)).isNull();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(failed);
                assertThat(rs.getString(2)).isEqualTo("failed");
                assertThat(rs.getString(3)).isNull();
                assertThat(rs.getInt(4)).isEqualTo(6);
                assertThat(rs.getLong(5)).isGreaterThanOrEqualTo(before + 120_000);
            }
        }
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox WHERE status = 'published'"
                + " AND published_at IS NOT NULL")).isEqualTo(38);
        // the others are on the stream once each, in outbox order; nothing is due now (the refused rows back off)
        List<String> expected = new ArrayList<>();
        for (EventEnvelope e : events) {
            String id = e.eventId().toString();
            if (!id.equals(pending) && !id.equals(failed)) {
                expected.add(id);
            }
        }
        List<String> onStream = new ArrayList<>();
        for (StreamEntry en : raw.xrange(prefix + "dazzle:stream:invoice_events", "-", "+")) {
            onStream.add(en.getFields().get("id"));
        }
        assertThat(onStream).containsExactlyElementsOf(expected);
        assertThat(relay.publishBatch()).isZero();
        assertThat(raw.xlen(prefix + "dazzle:stream:invoice_events")).isEqualTo(38);
    }

    /** A rolled-back relay transaction (the bus failed as a whole) leaves no published mark behind. */
    @Test
    void aBusThatFailsReleasesTheWholeBatchUnpublished() throws Exception {
        OutboxStore store = new OutboxStore(ds, SqlDialect.POSTGRES);
        List<EventEnvelope> events = appendSubmitted(store, 10);
        // the Redis bus, except that publishing fails as a whole (as when Redis goes away in the middle of it)
        EventBus down = (EventBus) java.lang.reflect.Proxy.newProxyInstance(EventBus.class.getClassLoader(),
                new Class<?>[] {EventBus.class}, (proxy, method, args) -> {
                    if (method.getName().equals("publishExternal")) {
                        throw new redis.clients.jedis.exceptions.JedisConnectionException("connection reset");
                    }
                    try {
                        return method.invoke(bus, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        OutboxRelay relay = new OutboxRelay(store, down, new OutboxRelay.Config(100, 10, 5, 60_000, 120_000, 30_000),
                null);
        org.assertj.core.api.Assertions.assertThatThrownBy(relay::publishBatch)
                .hasMessageContaining("connection reset");
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox WHERE status = 'published'"
                + " OR published_at IS NOT NULL")).isZero();
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_event_outbox WHERE status = 'pending' AND attempts = 1"))
                .isEqualTo(10);
    }
}
