package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.json.Wire;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.dazzleops.server.events.EventsTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

class RedisBusTest {

    @TempDir
    Path dir;
    HikariDataSource ds;
    String url;
    String prefix;
    RedisEventBus bus;
    RedisClient raw;

    @BeforeEach
    void open() throws Exception {
        url = EventsTestSupport.redisUrlOrSkip();
        prefix = "evtest-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        ds = EventsTestSupport.sqlite(dir.resolve("e.db"));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(RecordingConsumer.DDL);
        }
        bus = new RedisEventBus(url, prefix, ds, SqlDialect.SQLITE, 100, 50);
        raw = RedisClient.create(URI.create(url));
    }

    @AfterEach
    void close() {
        if (bus != null) {
            bus.deleteAllKeysUnderPrefix();
            bus.close();
            raw.close();
            ds.close();
        }
    }

    private List<OutboxStore.Row> rows(int n) {
        List<OutboxStore.Row> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EventEnvelope e = EventPipelineContract.event("InvoiceSubmitted", "k" + i, i);
            out.add(new OutboxStore.Row(e.eventId().toString(), "invoice_events", e.eventType(), e.key(), Wire.write(e),
                    "publishing", e.timestamp().text(), null, 0, null));
        }
        return out;
    }

    @Test
    void publishingTheSameEventTwiceAppendsItOnce() throws Exception {
        List<OutboxStore.Row> rows = rows(50);
        assertThat(bus.publishExternal(rows)).isEmpty();
        assertThat(bus.publishExternal(rows.subList(0, 20))).isEmpty(); // crash recovery re-publishes
        assertThat(raw.xlen(prefix + "dazzle:stream:invoice_events")).isEqualTo(50);
        EventBus.StoredEvent e = bus.find(rows.get(7).id()).orElseThrow();
        assertThat(e.envelope().key()).isEqualTo("k7");
        Map<String, String> fields = raw.xrange(prefix + "dazzle:stream:invoice_events", "-", "+", 1).get(0).getFields();
        assertThat(fields.keySet()).containsExactly("id", "event_type", "event_version", "key", "payload", "headers",
                "correlation_id", "causation_id", "timestamp", "producer");
    }

    /**
     * The publish script takes per event its topic and the field values only (the names are in the script) and
     * answers how many events it dropped as repeats, not every entry id: what it appends is still exactly the
     * entry the consumers and {@code /event/{id}} read.
     */
    @Test
    void publishScriptTakesFieldValuesOnlyAndAnswersTheRepeatsItDropped() {
        String stream = prefix + "dazzle:stream:invoice_events";
        List<OutboxStore.Row> rows = rows(3);
        List<String> keys = new ArrayList<>(List.of(bus.topicsKey()));
        List<String> args = new ArrayList<>(List.of("600"));
        for (OutboxStore.Row r : rows) {
            String[] v = RedisEventBus.fieldValuesOfStoredEnvelope(r.envelopeJson());
            keys.add(stream);
            keys.add(bus.markerKey(v[0]));
            args.add("invoice_events");
            args.addAll(List.of(v));
        }
        assertThat(raw.eval(RedisEventBus.PUBLISH_SCRIPT, keys, args)).isEqualTo(0L);
        assertThat(raw.eval(RedisEventBus.PUBLISH_SCRIPT, keys.subList(0, 5), args.subList(0, 1 + 2 * 11)))
                .isEqualTo(2L);
        assertThat(raw.smembers(bus.topicsKey())).containsExactly("invoice_events");
        List<StreamEntry> entries = raw.xrange(stream, "-", "+");
        assertThat(entries).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Map<String, String> f = entries.get(i).getFields();
            assertThat(f.keySet()).containsExactly(RedisEventBus.FIELDS);
            assertThat(f).isEqualTo(RedisEventBus.fields(EventEnvelope.fromJson(rows.get(i).envelopeJson())));
            assertThat(raw.hget(bus.markerKey(rows.get(i).id()), rows.get(i).id()))
                    .isEqualTo("invoice_events " + entries.get(i).getID());
            assertThat(raw.ttl(bus.markerKey(rows.get(i).id()))).isBetween(1L, 600L);
        }
    }

    /**
     * The listings read the topic registry, not the keyspace: a stream written before the registry existed (or by
     * another writer) is found by the one walk a process makes at its first listing, streams of topics published,
     * grouped or dead-lettered through the bus are registered as they are written, and later listings do not walk the
     * keyspace again (a stream written behind the bus's back after the first listing shows only in a new process).
     */
    @Test
    void listingsReadTheTopicRegistryNotTheKeyspace() throws Exception {
        raw.xadd(prefix + "dazzle:stream:legacy", StreamEntryID.NEW_ENTRY, Map.of("id", "x"));
        raw.xadd(prefix + "dazzle:dlq:legacy_dead", StreamEntryID.NEW_ENTRY, Map.of("id", "y"));
        raw.set(prefix + "dazzle:stream:not_a_stream", "a plain key under the stream prefix");
        for (int i = 0; i < 2_000; i++) {
            raw.set(prefix + "dazzle:meta:event:" + UUID.randomUUID(), "invoice_events 1-" + i);
        }
        assertThat(bus.topics()).extracting(EventBus.TopicStat::name).containsExactly("legacy");
        assertThat(raw.smembers(bus.topicsKey())).containsExactlyInAnyOrder("legacy", "legacy_dead");

        assertThat(bus.publishExternal(rows(5))).isEmpty();
        bus.ensureGroup("grouped_only", "g1");
        bus.dlq().add(null, "dead_only", "g2", EventPipelineContract.event("InvoiceSubmitted", "k", 1),
                "handler_error", "boom", 5);
        raw.xadd(prefix + "dazzle:stream:sneaky", StreamEntryID.NEW_ENTRY, Map.of("id", "z"));

        assertThat(bus.topics()).extracting(EventBus.TopicStat::name)
                .containsExactly("grouped_only", "invoice_events", "legacy");
        assertThat(bus.topics()).filteredOn(t -> t.name().equals("invoice_events"))
                .extracting(EventBus.TopicStat::eventCount).containsExactly(5L);
        assertThat(bus.consumers()).extracting(EventBus.ConsumerPosition::groupId).containsExactly("g1");
        assertThat(bus.dlq().count(null, null)).isEqualTo(2); // legacy_dead's entry and dead_only's
        assertThat(bus.dlq().list(null, "g2", 0, 10)).extracting(DlqStore.Entry::topic).containsExactly("dead_only");

        try (RedisEventBus fresh = new RedisEventBus(url, prefix, ds, SqlDialect.SQLITE, 100, 50)) {
            assertThat(fresh.topics()).extracting(EventBus.TopicStat::name)
                    .containsExactly("grouped_only", "invoice_events", "legacy", "sneaky");
        }
    }

    /**
     * A time-ordered id's marker is a field of its second's hash, so a republish finds it from the id alone; any other
     * id's marker is a key of its own; either way a republish is dropped and {@code /event/{id}} finds the entry, as it
     * does through a marker key an earlier version wrote for a time-ordered id.
     */
    @Test
    void markersOfTimeOrderedIdsShareTheirSecondsHashOthersHaveAKey() throws Exception {
        List<OutboxStore.Row> rows = rows(3);
        String v7 = rows.get(0).id();
        assertThat(UUID.fromString(v7).version()).isEqualTo(7);
        long second = (UUID.fromString(v7).getMostSignificantBits() >>> 16) / 1_000;
        assertThat(bus.markerKey(v7)).isEqualTo(prefix + "dazzle:meta:events:" + second);
        assertThat(RedisEventBus.secondOfTimeOrderedId(v7)).isEqualTo(second);
        assertThat(RedisEventBus.secondOfTimeOrderedId(v7.toUpperCase(java.util.Locale.ROOT))).isEqualTo(second);
        for (String notV7 : new String[] {UUID.randomUUID().toString(), "", "not-a-uuid", v7.replace('-', 'x'),
                v7.substring(0, 35) + "", v7.substring(0, 2) + "g" + v7.substring(3)}) {
            assertThat(RedisEventBus.secondOfTimeOrderedId(notV7)).as(notV7).isEqualTo(-1);
            assertThat(bus.markerKey(notV7)).isEqualTo(prefix + "dazzle:meta:event:" + notV7);
        }

        // an event keyed by a random (version 4) id, as Dazzle keys them
        EventEnvelope e4 = EventPipelineContract.event("InvoiceSubmitted", "k4", 4);
        String id4 = UUID.randomUUID().toString();
        String json4 = Wire.write(e4).replace(e4.eventId().toString(), id4);
        OutboxStore.Row row4 = new OutboxStore.Row(id4, "invoice_events", e4.eventType(), e4.key(), json4,
                "publishing", e4.timestamp().text(), null, 0, null);
        List<OutboxStore.Row> all = new ArrayList<>(rows.subList(0, 2));
        all.add(row4);
        assertThat(bus.publishExternal(all)).isEmpty();
        assertThat(bus.publishExternal(List.of(rows.get(1), row4, rows.get(0)))).isEmpty(); // republished: dropped
        String stream = prefix + "dazzle:stream:invoice_events";
        List<StreamEntry> entries = raw.xrange(stream, "-", "+");
        assertThat(entries).extracting(x -> x.getFields().get("id")).containsExactly(v7, rows.get(1).id(), id4);

        assertThat(raw.type(bus.markerKey(v7))).isEqualTo("hash");
        assertThat(raw.hget(bus.markerKey(v7), v7)).isEqualTo("invoice_events " + entries.get(0).getID());
        assertThat(raw.ttl(bus.markerKey(v7))).isBetween(24L * 3600 - 60, 24L * 3600);
        assertThat(raw.get(prefix + "dazzle:meta:event:" + v7)).isNull();
        assertThat(raw.type(bus.markerKey(id4))).isEqualTo("string");
        assertThat(raw.get(bus.markerKey(id4))).isEqualTo("invoice_events " + entries.get(2).getID());
        assertThat(bus.find(v7).orElseThrow().envelope().key()).isEqualTo("k0");
        assertThat(bus.find(id4).orElseThrow().envelope().key()).isEqualTo("k4");
        assertThat(bus.find(rows.get(2).id())).isEmpty(); // never published

        // a marker key an earlier version wrote for a time-ordered id still locates its entry
        String legacy = rows.get(2).id();
        raw.set(prefix + "dazzle:meta:event:" + legacy, "invoice_events " + entries.get(1).getID());
        assertThat(bus.find(legacy).orElseThrow().envelope().key()).isEqualTo("k1");
    }

    /** Markers live a day by default (not the week they did: about 200 bytes of Redis each), or as configured. */
    @Test
    void markersLiveAsLongAsTheBusIsToldAndADayByDefault() throws Exception {
        List<OutboxStore.Row> rows = rows(2);
        assertThat(bus.publishExternal(rows.subList(0, 1))).isEmpty();
        assertThat(raw.ttl(bus.markerKey(rows.get(0).id()))).isBetween(24L * 3600 - 60, 24L * 3600);
        try (RedisEventBus shortLived = new RedisEventBus(url, prefix, ds, SqlDialect.SQLITE, 100, 50, 10_000, 90)) {
            assertThat(shortLived.publishExternal(rows.subList(1, 2))).isEmpty();
        }
        assertThat(raw.ttl(bus.markerKey(rows.get(1).id()))).isBetween(1L, 90L);
        assertThat(EventFramework.Settings.defaults().redisMarkerTtlSeconds()).isEqualTo(24L * 3600);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> EventFramework.Settings.defaults().withRedisMarkerTtl(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
    }

    @Test
    void lagAgreesWithXinfoGroupsAndADeadConsumersEntriesAreReclaimed() throws Exception {
        bus.ensureGroup("invoice_events", "grp");
        bus.publishExternal(rows(30));
        String key = prefix + "dazzle:stream:invoice_events";
        assertThat(bus.consumers()).singleElement().satisfies(c -> assertThat(c.lag()).isEqualTo(30));

        // a consumer that reads 10 entries and dies without acknowledging them
        var dead = raw.xreadGroupAsMap("grp", "grp-dead", new XReadGroupParams().count(10),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        assertThat(dead.get(key)).hasSize(10);
        StreamGroupInfo info = raw.xinfoGroups(key).get(0);
        assertThat(info.getPending()).isEqualTo(10);
        assertThat(bus.consumers().get(0).lag()).isEqualTo((Long) info.getGroupInfo().get("lag")).isEqualTo(20);

        RecordingConsumer handler = new RecordingConsumer("invoice_events", "grp");
        ConsumerRunner runner = new ConsumerRunner(handler, bus, ds, SqlDialect.SQLITE,
                new ConsumerRunner.Config(100, 10, 5, 20, 200));
        runner.start();
        try {
            EventsTestSupport.await(java.time.Duration.ofSeconds(20),
                    () -> count(ds, "SELECT count(*) FROM test_handled") == 30, "all 30 handled incl. reclaimed");
        } finally {
            runner.stop();
        }
        StreamGroupInfo after = raw.xinfoGroups(key).get(0);
        assertThat(after.getPending()).isZero();
        assertThat(after.getGroupInfo().get("lag")).isEqualTo(0L);
        assertThat(bus.consumers().get(0).lag()).isZero();
        assertThat(count(ds, "SELECT count(DISTINCT event_id) FROM test_handled")).isEqualTo(30);
    }

    /**
     * A consumer of ours keeps a liveness key that its process renews; once the key is gone (process killed, or
     * stopped) its pending entries are taken over at the next claim check, long before they are idle for
     * {@code claimIdleMs}, and the dead consumer leaves the group. Consumers that keep no liveness key (Dazzle's own)
     * and consumers whose key is there are left alone.
     */
    @Test
    void aDeadConsumersEntriesAreTakenOverAtOnceAndItLeavesTheGroup() throws Exception {
        String key = prefix + "dazzle:stream:invoice_events";
        try (RedisEventBus patient = new RedisEventBus(url, prefix, ds, SqlDialect.SQLITE, 600_000, 50)) {
            patient.ensureGroup("invoice_events", "grp");
            assertThat(patient.publishExternal(rows(9))).isEmpty();
            // three consumers read three entries each and never acknowledge them; a fourth, dead, read nothing
            raw.sadd(patient.heartbeatingKey(), "grp-dead", "grp-alive", "grp-idle-dead");
            raw.xreadGroupAsMap("grp", "grp-idle-dead", new XReadGroupParams().count(1),
                    Map.of(key, new StreamEntryID(0, 0))); // joins the group (reads its own, empty, pending list)
            raw.set(patient.aliveKey("grp-alive"), "1");
            for (String name : new String[] {"grp-dead", "grp-alive", "grp-foreign"}) {
                assertThat(raw.xreadGroupAsMap("grp", name, new XReadGroupParams().count(3),
                        Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(key)).hasSize(3);
            }
            Thread.sleep(RedisEventBus.TAKEOVER_MIN_IDLE_MS + 100);

            List<String> got = new ArrayList<>();
            EventBus.BatchSink sink = (tx, batch) -> batch.forEach(e -> got.add(e.key()));
            assertThat(patient.poll("invoice_events", "grp", "grp-live", 10, sink)).isEqualTo(3);
            assertThat(got).containsExactly("k0", "k1", "k2"); // grp-dead's, not waiting out the 600-s idle time
            assertThat(raw.ttl(patient.aliveKey("grp-live"))).isBetween(1L, RedisEventBus.ALIVE_TTL_MS / 1000);
            assertThat(raw.sismember(patient.heartbeatingKey(), "grp-live")).isTrue();
            assertThat(raw.xinfoConsumers2(key, "grp")).extracting(c -> c.getName())
                    .containsExactlyInAnyOrder("grp-alive", "grp-foreign", "grp-idle-dead", "grp-live");
            assertThat(raw.sismember(patient.heartbeatingKey(), "grp-dead")).isFalse();
            assertThat(raw.xpending(key, "grp").getConsumerMessageCount())
                    .containsOnly(Map.entry("grp-alive", 3L), Map.entry("grp-foreign", 3L));
            got.clear();
            // the live and the foreign consumers' entries stay theirs; nothing new to read
            assertThat(patient.poll("invoice_events", "grp", "grp-live", 10, sink)).isZero();
            assertThat(got).isEmpty();
            // a claim check that took nothing over also removed the dead consumer that held nothing
            assertThat(raw.xinfoConsumers2(key, "grp")).extracting(c -> c.getName())
                    .containsExactlyInAnyOrder("grp-alive", "grp-foreign", "grp-live");
            assertThat(raw.sismember(patient.heartbeatingKey(), "grp-idle-dead")).isFalse();

            // grp-alive's process dies: its key expires (here: is removed), and its entries follow
            raw.del(patient.aliveKey("grp-alive"));
            Thread.sleep(patient.claimCheckMs() + 50);
            assertThat(patient.poll("invoice_events", "grp", "grp-live", 10, sink)).isEqualTo(3);
            assertThat(got).containsExactly("k3", "k4", "k5");
        }
        // a stopped bus removes its consumers' keys, and a consumer holding nothing leaves the group
        assertThat(raw.exists(bus.aliveKey("grp-live"))).isFalse();
        assertThat(raw.xinfoConsumers2(key, "grp")).extracting(c -> c.getName()).containsExactly("grp-foreign");
        assertThat(raw.smembers(bus.heartbeatingKey())).isEmpty();
    }

    @Test
    void trimmingKeepsTheCapButNeverDropsWhatAGroupStillNeeds() throws Exception {
        String key = prefix + "dazzle:stream:invoice_events";
        try (RedisEventBus capped = new RedisEventBus(url, prefix, ds, SqlDialect.SQLITE, 100, 50, 200)) {
            capped.ensureGroup("invoice_events", "slow");
            assertThat(capped.publishExternal(rows(1000))).isEmpty();
            assertThat(capped.trim("invoice_events")).as("the group has read nothing yet").isZero();
            assertThat(raw.xlen(key)).isEqualTo(1000);

            // the group reads 600 and acknowledges the first 500: 100 stay pending (XAUTOCLAIM must still find them)
            List<StreamEntry> read = raw.xreadGroupAsMap("slow", "c1", new XReadGroupParams().count(600),
                    Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(key);
            assertThat(read).hasSize(600);
            raw.xack(key, "slow", read.subList(0, 500).stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
            assertThat(capped.trim("invoice_events")).isPositive();
            StreamEntryID oldestPending = read.get(500).getID();
            assertThat(raw.xrange(key, "-", "+", 1).get(0).getID()).isLessThanOrEqualTo(oldestPending);
            assertThat(raw.xlen(key)).as("the 400 unread and the 100 pending stay").isBetween(500L, 999L);

            // once everything is acknowledged, the stream comes down to the cap (approximate: whole 100-entry nodes)
            List<StreamEntry> rest = raw.xreadGroupAsMap("slow", "c1", new XReadGroupParams().count(1000),
                    Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(key);
            assertThat(rest).hasSize(400);
            raw.xack(key, "slow", read.subList(500, 600).stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
            raw.xack(key, "slow", rest.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
            capped.trim("invoice_events");
            assertThat(raw.xlen(key)).isBetween(200L, 300L);
            assertThat(raw.xinfoGroups(key).get(0).getGroupInfo().get("lag")).as("lag still known").isEqualTo(0L);

            // the publish path trims by itself (at most once a second per topic)
            Thread.sleep(RedisEventBus.TRIM_EVERY_MS + 50);
            raw.xreadGroupAsMap("slow", "c1", new XReadGroupParams().count(1),
                    Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            assertThat(capped.publishExternal(rows(300))).isEmpty();
            assertThat(raw.xlen(key)).isBetween(200L, 600L);
        }
    }

    @Test
    void deadLettersUseTheContractKeyAndFields() throws Exception {
        EventEnvelope e = EventPipelineContract.event("InvoiceApproved", "k1", 1);
        bus.dlq().add(null, "invoice_events", "settle_invoice", e, "HANDLER_ERROR", "card declined", 5);
        var entries = raw.xrange(prefix + "dazzle:dlq:invoice_events", "-", "+");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getFields()).containsEntry("reason_code", "HANDLER_ERROR")
                .containsEntry("reason_message", "card declined").containsEntry("attempts", "5")
                .containsEntry("group_id", "settle_invoice").containsKey("dlq_at").containsEntry("id", e.eventId().toString());
        assertThat(bus.dlq().count("invoice_events", null)).isEqualTo(1);
        assertThat(bus.dlq().list(null, "settle_invoice", 0, 10)).singleElement()
                .satisfies(d -> assertThat(d.attempts()).isEqualTo(5));
        assertThat(bus.dlq().remove(e.eventId().toString(), "other-group")).isEmpty();
        assertThat(bus.dlq().remove(e.eventId().toString(), "settle_invoice")).isPresent();
        assertThat(bus.dlq().remove(e.eventId().toString(), "settle_invoice")).isEmpty();
    }

    @Test
    void aRedisThatLostItsDataIsNoticedOnce() {
        assertThat(bus.detectDataLoss()).as("first sight of an empty data set").isTrue();
        assertThat(bus.detectDataLoss()).isFalse();
        raw.del(prefix + "dazzle:meta:epoch"); // what a restart without persistence looks like
        assertThat(bus.detectDataLoss()).isTrue();
        assertThat(bus.detectDataLoss()).isFalse();
        try (RedisEventBus other = new RedisEventBus(url, prefix, ds, SqlDialect.SQLITE, 100, 50)) {
            assertThat(other.detectDataLoss()).as("a new instance on intact data").isFalse();
        }
    }

    /**
     * Instances starting together on a fresh Redis: only the one that creates the data set's marker reports a loss
     * (and republishes); the ones that lose the race to create it had no data set before and report none. Before,
     * a loser reported a loss as well and queued the rows the winner had just published for publishing again.
     */
    @Test
    void instancesStartingTogetherOnAFreshRedisReportOneLoss() throws Exception {
        for (int round = 0; round < 20; round++) {
            raw.del(prefix + "dazzle:meta:epoch");
            List<RedisEventBus> buses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                buses.add(new RedisEventBus(url, prefix, ds, SqlDialect.SQLITE, 100, 50));
            }
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(buses.size());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(buses.size());
            try {
                List<java.util.concurrent.Future<Boolean>> lost = new ArrayList<>();
                for (RedisEventBus b : buses) {
                    lost.add(pool.submit(() -> {
                        start.await();
                        return b.detectDataLoss();
                    }));
                }
                int reported = 0;
                for (var f : lost) {
                    reported += f.get() ? 1 : 0;
                }
                assertThat(reported).as("instances reporting a loss in round %d", round).isEqualTo(1);
                for (RedisEventBus b : buses) {
                    assertThat(b.detectDataLoss()).isFalse();
                }
            } finally {
                pool.shutdown();
                for (RedisEventBus b : buses) {
                    b.close();
                }
            }
        }
    }
}
