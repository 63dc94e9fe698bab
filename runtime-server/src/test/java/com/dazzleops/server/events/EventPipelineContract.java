package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.dazzleops.server.events.EventsTestSupport.await;
import static com.dazzleops.server.events.EventsTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/** The same end-to-end behaviour, run against each backend (SQLite, PostgreSQL, Redis Streams). */
abstract class EventPipelineContract {

    static final String TOPIC = "invoice_events";
    static final String GROUP = "test-group";

    protected EventFramework framework;

    /** A migrated, empty database for this test. */
    abstract DataSource dataSource();

    abstract SqlDialect dialect();

    /** Redis URL and key prefix, or null for the JDBC bus. */
    abstract String redisUrl();

    abstract String redisPrefix();

    EventFramework.Settings settings(int budget) {
        return EventFramework.Settings.defaults()
                .withRelay(new OutboxRelay.Config(200, 20, 5, 50, 1000, 30_000))
                .withConsumer(new ConsumerRunner.Config(100, 20, budget, 20, 200))
                .withRedis(redisUrl(), redisPrefix())
                .withClaimIdleMs(200);
    }

    EventFramework start(RecordingConsumer consumer, int budget) throws Exception {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(RecordingConsumer.DDL);
        }
        framework = new EventFramework(dataSource(), dialect(), settings(budget));
        framework.register(consumer);
        framework.start();
        return framework;
    }

    @AfterEach
    void stopFramework() {
        if (framework != null) {
            framework.close();
        }
    }

    static EventEnvelope event(String type, String key, int n) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("invoice_id", key);
        p.put("n", n);
        return EventEnvelope.create("app.invoice_events." + type, key, p, Map.of("tenant_id", "t1"), "test");
    }

    /** Appends events in one transaction; rollback=true aborts it (so they must never appear). */
    List<EventEnvelope> appendTx(int n, String keyPrefix, boolean rollback) throws Exception {
        List<EventEnvelope> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event("InvoiceSubmitted", keyPrefix + i, i));
        }
        try (Connection c = dataSource().getConnection()) {
            c.setAutoCommit(false);
            framework.append(c, TOPIC, out);
            if (rollback) {
                c.rollback();
            } else {
                c.commit();
            }
            c.setAutoCommit(true);
        }
        framework.nudgeRelay();
        return out;
    }

    long handledRows() {
        return count(dataSource(), "SELECT count(*) FROM test_handled");
    }

    @Test
    void everyCommittedEventIsPublishedOnceAndAppliedOnce() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer(TOPIC, GROUP);
        start(consumer, 5);
        List<EventEnvelope> sent = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            sent.addAll(appendTx(100, "inv-" + t + "-", false));
        }
        appendTx(10, "rolled-back-", true);

        await(Duration.ofSeconds(30), () -> handledRows() >= 500, "500 events handled");
        await(Duration.ofSeconds(10), () -> lagOf(GROUP) == 0, "lag back to 0");
        Thread.sleep(200); // a duplicate delivery would show up here
        assertThat(handledRows()).isEqualTo(500);
        assertThat(count(dataSource(), "SELECT count(DISTINCT event_id) FROM test_handled")).isEqualTo(500);
        assertThat(count(dataSource(), "SELECT count(*) FROM _dazzle_event_inbox WHERE consumer_name = '" + GROUP + "'"))
                .isEqualTo(500);

        OutboxStore.Stats stats = framework.outbox().stats();
        assertThat(stats.published()).isEqualTo(500);
        assertThat(stats.pending() + stats.publishing() + stats.failed()).isZero();
        assertThat(stats.oldestPending()).isNull();

        EventBus bus = framework.bus();
        EventBus.TopicPage page = bus.page(TOPIC, 0, 1000, null, null);
        assertThat(page.total()).isEqualTo(500);
        assertThat(page.events()).extracting(e -> e.envelope().eventId()).doesNotHaveDuplicates();
        assertThat(page.events().get(0).envelope().eventId()).isEqualTo(sent.get(0).eventId());
        assertThat(bus.page(TOPIC, 0, 10, "inv-3-7", null).total()).isEqualTo(1);
        assertThat(bus.page(TOPIC, 0, 10, null, "app.invoice_events.InvoicePaid").total()).isZero();

        EventEnvelope probe = sent.get(42);
        EventBus.StoredEvent found = bus.find(probe.eventId().toString()).orElseThrow();
        assertThat(found.topic()).isEqualTo(TOPIC);
        assertThat(found.envelope().payload()).isEqualTo(probe.payload());
        assertThat(found.envelope().headers()).isEqualTo(Map.of("tenant_id", "t1"));
        assertThat(found.envelope().timestamp().toInstant()).isEqualTo(probe.timestamp().toInstant());
        assertThat(bus.find("00000000-0000-4000-8000-000000000000")).isEmpty();
        assertThat(bus.find("not-a-uuid")).isEmpty();

        List<EventBus.TopicStat> topics = bus.topics();
        assertThat(topics).extracting(EventBus.TopicStat::name).containsExactly(TOPIC);
        assertThat(topics.get(0).eventCount()).isEqualTo(500);
        assertThat(topics.get(0).consumerGroups()).containsExactly(GROUP);
    }

    long lagOf(String group) {
        try {
            return framework.bus().consumers().stream().filter(c -> c.groupId().equals(group))
                    .mapToLong(EventBus.ConsumerPosition::lag).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void failuresUseTheRetryBudgetThenDeadLetterAndReplayRequeuesToTheConsumer() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer(TOPIC, GROUP);
        consumer.failWhen = e -> e.key().startsWith("bad-");
        start(consumer, 3);
        appendTx(20, "good-", false);
        List<EventEnvelope> bad = appendTx(2, "bad-", false);

        DlqStore dlq = framework.bus().dlq();
        await(Duration.ofSeconds(30), () -> safeCount(dlq) == 2, "2 DLQ entries");
        assertThat(handledRows()).isEqualTo(20);
        List<DlqStore.Entry> entries = dlq.list(null, null, 0, 20);
        assertThat(entries).hasSize(2);
        for (DlqStore.Entry e : entries) {
            assertThat(e.groupId()).isEqualTo(GROUP);
            assertThat(e.topic()).isEqualTo(TOPIC);
            assertThat(e.reasonCode()).isEqualTo("HANDLER_ERROR");
            assertThat(e.reasonMessage()).startsWith("simulated failure for bad-");
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.createdAt()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?\\+00:00");
        }
        // 1 first try + 2 retries per bad event, with backoff between them
        assertThat(consumer.calls.get()).isGreaterThanOrEqualTo(20 + 2 * 3);
        assertThat(dlq.list(TOPIC, GROUP, 1, 20)).hasSize(1);
        assertThat(dlq.list("other_topic", null, 0, 20)).isEmpty();
        assertThat(count(dataSource(), "SELECT count(*) FROM _dazzle_event_retry")).isZero();

        consumer.failWhen = e -> false; // the provider recovered
        String id = bad.get(0).eventId().toString();
        assertThat(framework.replay(id, "no-such-group"))
                .isEqualTo(new EventFramework.ReplayOutcome(false, "Replay failed"));
        assertThat(framework.replay(id, GROUP))
                .isEqualTo(new EventFramework.ReplayOutcome(true, "Event " + id + " replayed successfully"));
        assertThat(framework.replay(id, GROUP))
                .isEqualTo(new EventFramework.ReplayOutcome(false, "Event " + id + " not found in DLQ"));
        await(Duration.ofSeconds(10), () -> handledRows() == 21, "the replayed event handled by the consumer");
        assertThat(dlq.count(null, null)).isEqualTo(1);
        assertThat(count(dataSource(), "SELECT count(*) FROM test_handled WHERE event_id = '" + id + "'")).isEqualTo(1);
    }

    static long safeCount(DlqStore dlq) {
        try {
            return dlq.count(null, null);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Every envelope field survives outbox → bus → consumer (the JDBC bus copies them inside the database). */
    @Test
    void envelopeFieldsArriveUnchanged() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer(TOPIC, GROUP);
        start(consumer, 5);
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("text", "quote \" backslash \\ newline \n tab \t é ✓ \u2028 😀");
        p.put("int", 42);
        p.put("big", new java.math.BigInteger("12345678901234567890"));
        p.put("frac", 1.5);
        p.put("neg", -0.001);
        p.put("yes", true);
        p.putNull("nothing");
        p.putArray("list").add(1).add("two").addObject().put("three", 3);
        p.putObject("nested").putObject("deeper").put("k", "v");
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("tenant_id", "t1");
        headers.put("session_id", "s-\"x\"");
        EventEnvelope cause = event("InvoiceSubmitted", "cause", 0);
        EventEnvelope rich = new EventEnvelope(java.util.UUID.randomUUID(), "app.invoice_events.InvoiceApproved", "2.1",
                null, null, "inv-rich", p, headers, com.dazzleops.model.json.WireTime.parse("2026-08-22T09:14:03.5+02:00"),
                "svc", null).causedBy(cause);
        EventEnvelope empty = new EventEnvelope(java.util.UUID.randomUUID(), "app.invoice_events.InvoicePaid", null,
                null, null, "inv-empty", null, null, com.dazzleops.model.json.WireTime.parse("2026-08-22T09:14:03+00:00"),
                null, null);
        try (Connection c = dataSource().getConnection()) {
            c.setAutoCommit(false);
            framework.append(c, TOPIC, List.of(cause, rich, empty));
            c.commit();
            c.setAutoCommit(true);
        }
        framework.nudgeRelay();
        await(Duration.ofSeconds(30), () -> handledRows() >= 3, "3 events handled");
        for (EventEnvelope sent : List.of(cause, rich, empty)) {
            EventEnvelope got = consumer.seen.get(sent.eventId().toString());
            EventEnvelope stored = framework.bus().find(sent.eventId().toString()).orElseThrow().envelope();
            for (EventEnvelope e : List.of(got, stored)) {
                assertThat(e.eventType()).isEqualTo(sent.eventType());
                assertThat(e.eventVersion()).isEqualTo(sent.eventVersion());
                assertThat(e.correlationId()).isEqualTo(sent.correlationId());
                assertThat(e.causationId()).isEqualTo(sent.causationId());
                assertThat(e.key()).isEqualTo(sent.key());
                // as a tree read from the JSON text (number node types as any reader gets them)...
                assertThat(e.payload()).isEqualTo(com.dazzleops.model.json.Wire.mapper()
                        .readTree(com.dazzleops.model.json.Wire.write(sent.payload())));
                // ...and as text, key order included, except where PostgreSQL's jsonb column orders the keys itself
                if (!(dialect() == SqlDialect.POSTGRES && redisUrl() == null)) {
                    assertThat(com.dazzleops.model.json.Wire.write(e.payload()))
                            .isEqualTo(com.dazzleops.model.json.Wire.write(sent.payload()));
                }
                assertThat(e.headers()).containsExactlyEntriesOf(sent.headers());
                assertThat(e.timestamp().toInstant()).isEqualTo(sent.timestamp().toInstant());
                assertThat(e.producer()).isEqualTo(sent.producer());
            }
        }
        assertThat(consumer.seen.get(rich.eventId().toString()).correlationId()).isEqualTo(cause.eventId());
        assertThat(consumer.seen.get(empty.eventId().toString()).eventVersion()).isEqualTo("1.0");
        assertThat(consumer.seen.get(empty.eventId().toString()).producer()).isEqualTo("dazzle");
    }

    /** An outbox row whose envelope cannot be read fails alone (attempts, last_error); the rest are published. */
    @Test
    void anUnreadableOutboxRowFailsAloneAndTheOthersArePublished() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer(TOPIC, GROUP);
        start(consumer, 5);
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO _dazzle_event_outbox (id, topic, event_type, key,"
                     + " envelope_json, status, created_at, attempts, next_attempt_ms) VALUES (?, ?, 'x', 'k', ?,"
                     + " 'pending', '2026-01-01T00:00:00+00:00', 0, 0)")) {
            String[][] bad = {
                {"bad-json", "not json at all"},
                {"bad-id", "{\"event_id\":\"not-a-uuid\",\"event_type\":\"a.b.c\",\"key\":\"k\","
                        + "\"timestamp\":\"2026-01-01T00:00:00+00:00\"}"},
                {"no-time", "{\"event_id\":\"" + java.util.UUID.randomUUID() + "\",\"event_type\":\"a.b.c\"}"}};
            for (String[] b : bad) {
                ps.setString(1, b[0]);
                ps.setString(2, TOPIC);
                ps.setString(3, b[1]);
                ps.executeUpdate();
            }
        }
        appendTx(20, "fine-", false);
        await(Duration.ofSeconds(30), () -> handledRows() >= 20, "the 20 good events handled");
        await(Duration.ofSeconds(10), () -> count(dataSource(), "SELECT count(*) FROM _dazzle_event_outbox WHERE id IN"
                + " ('bad-json', 'bad-id', 'no-time') AND attempts >= 1 AND last_error IS NOT NULL"
                + " AND status <> 'published'") == 3, "the 3 bad rows counted a failed attempt");
        Thread.sleep(200);
        assertThat(handledRows()).isEqualTo(20);
        assertThat(framework.outbox().stats().published()).isEqualTo(20);
    }

    @Test
    void rowsLeftInPublishingByACrashAreRecoveredAtStartup() throws Exception {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(RecordingConsumer.DDL);
        }
        OutboxStore store = new OutboxStore(dataSource(), dialect());
        List<EventEnvelope> stuck = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            stuck.add(event("InvoiceSubmitted", "stuck-" + i, i));
        }
        try (Connection c = dataSource().getConnection()) {
            store.append(c, TOPIC, stuck);
            // what a relay that died between claim and publish leaves behind (lease far in the future)
            try (PreparedStatement ps = c.prepareStatement("UPDATE _dazzle_event_outbox SET status = 'publishing',"
                    + " lock_token = 'dead0000', lock_expires_at = '2999-01-01T00:00:00+00:00'")) {
                ps.executeUpdate();
            }
        }
        assertThat(store.stats().publishing()).isEqualTo(30);
        RecordingConsumer consumer = new RecordingConsumer(TOPIC, GROUP);
        start(consumer, 5);
        await(Duration.ofSeconds(20), () -> handledRows() == 30, "recovered rows published and handled");
        // on an external bus (Redis) a consumer can handle an event before the relay's mark commits: wait for it
        await(Duration.ofSeconds(20), () -> {
            try {
                return framework.outbox().stats().published() == 30;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "recovered rows marked published");
        assertThat(framework.outbox().stats().published()).isEqualTo(30);
        assertThat(framework.outbox().stats().publishing()).isZero();
    }
}
