package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.events.EventIds;

import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis Streams bus (contract wire-events §8): stream {@code dazzle:stream:<topic>}, consumer groups with
 * XREADGROUP/XACK, dead letters in {@code dazzle:dlq:<topic>}. Outbox, inbox and retries stay in the database.
 *
 * <p>Beyond Dazzle's RedisBus: publishing goes through a script that appends an event id at most once (its marker,
 * see {@link #markerKey}, also locates the entry for {@code /event/{id}}); a consumer first re-reads its own
 * pending entries, then takes over the pending entries of dead consumers and handles them, then reads new ones; lag
 * is XINFO GROUPS' own {@code lag}. A consumer of ours is dead when its liveness key, which its process renews every
 * second, has been gone for {@link #ALIVE_TTL_MS} (its entries are taken over at once, XCLAIM, and it leaves the group);
 * any other consumer's entries are taken over once idle longer than {@code claimIdleMs} (XAUTOCLAIM).
 */
public final class RedisEventBus implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventBus.class);

    /** The stream entry's field names, in the order {@link #fields} lists them. */
    static final String[] FIELDS = {"id", "event_type", "event_version", "key", "payload", "headers", "correlation_id",
            "causation_id", "timestamp", "producer"};

    /**
     * Publishes a chunk of events in one script call: KEYS[1] is the topic registry ({@link #topicsKey}), then
     * (stream, marker key) pairs, the marker key as {@link #markerKey} gives it; ARGV = marker ttl, then per event its
     * topic and its {@link #FIELDS} values in that order (the field names are part of the script). Each topic is added
     * to the registry (SADD, once per run of events of one topic), in the same atomic call as its entries. No trimming
     * here: see {@link #TRIM_SCRIPT}. Each event is appended (XADD) and its marker "topic entry-id" set only if absent:
     * a field named by the event id in its second's marker hash (HSETNX; the hash's EXPIRE is renewed once per run of
     * events of one second), or, for an id that is not time-ordered, a key of its own (SET NX EX). When the marker
     * existed (a republish after a crash or a lost mark) the entry just appended is deleted again in the same atomic
     * call, so no reader ever sees it. Two commands per event in the usual case (the earlier EXISTS first cost a third
     * call per event, about 2 us of Redis CPU, to save a deletion that only republishes need). Returns the number of
     * events dropped as repeats. Passing the ten field names per event as arguments (Redis turns every argument into a
     * Lua string first) and answering each entry id, which nobody read, cost about 1.5 us of Redis CPU per event (8.7
     * against 7.3 us in a 50,000-event publish).
     */
    static final String PUBLISH_SCRIPT = publishScript();

    private static String publishScript() {
        StringBuilder xadd = new StringBuilder("redis.call('XADD', KEYS[i], '*'");
        for (int f = 0; f < FIELDS.length; f++) {
            xadd.append(", '").append(FIELDS[f]).append("', ARGV[a + ").append(f + 1).append(']');
        }
        xadd.append(')');
        return """
                local dropped = 0
                local a = 2
                local registered = false
                local marker = false
                local hashed = false
                local renew = false
                for i = 2, #KEYS, 2 do
                  if ARGV[a] ~= registered then
                    redis.call('SADD', KEYS[1], ARGV[a])
                    registered = ARGV[a]
                  end
                  local id = %s
                  local m = KEYS[i + 1]
                  if m ~= marker then
                    -- a marker key of its own ends with ':' and the event id; a second's hash does not
                    marker = m
                    hashed = string.sub(m, -#ARGV[a + 1] - 1) ~= ':' .. ARGV[a + 1]
                    renew = hashed
                  end
                  local fresh
                  if hashed then
                    fresh = redis.call('HSETNX', m, ARGV[a + 1], ARGV[a] .. ' ' .. id) == 1
                    if renew then
                      redis.call('EXPIRE', m, ARGV[1]) -- once per run of events of one second
                      renew = false
                    end
                  else
                    fresh = redis.call('SET', m, ARGV[a] .. ' ' .. id, 'NX', 'EX', ARGV[1])
                  end
                  if not fresh then
                    redis.call('XDEL', KEYS[i], id)
                    dropped = dropped + 1
                  end
                  a = a + %d
                end
                return dropped
                """.formatted(xadd, FIELDS.length + 1);
    }

    /**
     * Trims a topic stream towards ARGV[1] entries (Dazzle's cap of ~10,000) without ever removing an entry a consumer
     * group still needs: Dazzle trims with {@code XADD MAXLEN ~}, which drops the oldest entries even when a group
     * that fell behind has not read them yet, and so loses its events. The floor is, per group, its oldest pending
     * entry (delivered, not acknowledged: XAUTOCLAIM must still find it) or else its last-delivered id; entries older
     * than the floor of every group, and beyond the cap, go ({@code XTRIM MINID ~}: whole nodes only, never an entry
     * at or after the threshold). ARGV[2] bounds the entries one call inspects. Returns the number removed.
     */
    static final String TRIM_SCRIPT = """
            local function older(a, b)
              local am, as = string.match(a, '^(%d+)-(%d+)$')
              local bm, bs = string.match(b, '^(%d+)-(%d+)$')
              am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
              return am < bm or (am == bm and as < bs)
            end
            local excess = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[1])
            if excess <= 0 then return 0 end
            local floor = nil
            for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
              local info = {}
              for i = 1, #g, 2 do info[g[i]] = g[i + 1] end
              local need = info['last-delivered-id']
              if tonumber(info['pending']) > 0 then
                need = redis.call('XPENDING', KEYS[1], info['name'])[2]
              end
              if floor == nil or older(need, floor) then floor = need end
            end
            local upto = '+'
            if floor == '0-0' then return 0 end
            if floor ~= nil then upto = '(' .. floor end
            local gone = redis.call('XRANGE', KEYS[1], '-', upto, 'COUNT', math.min(excess, tonumber(ARGV[2])) + 1)
            if #gone <= 1 then return 0 end
            -- every entry before the last one returned may go; the last is the threshold (kept)
            return redis.call('XTRIM', KEYS[1], 'MINID', '~', gone[#gone][1])
            """;
    /** Entries one trim call inspects at most (a stream far over its cap is trimmed over several calls). */
    static final int TRIM_SCAN = 5_000;
    /** A topic's stream is trimmed at most this often per instance. */
    static final long TRIM_EVERY_MS = 1_000;

    /** Events per script call: one call instead of one per event, short enough not to stall Redis for others. */
    static final int PUBLISH_CHUNK = 100;

    private final RedisClient redis;
    private final String prefix;
    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final long maxLen;
    private final long claimIdleMs;
    private final int blockMs;
    private final RedisDlq dlq = new RedisDlq();
    private volatile String scriptSha;
    private volatile String trimSha;
    private final Map<String, Long> lastTrim = new ConcurrentHashMap<>();

    /**
     * How long a consumer's liveness key lives after its last renewal; its process renews it every {@link
     * #HEARTBEAT_MS} from a thread of its own (not the consumer's, which may be busy in a long batch), so the key is gone
     * only when the process is (killed, hung or cut off from Redis) or stopped.
     */
    static final long ALIVE_TTL_MS = 5_000;
    static final long HEARTBEAT_MS = 1_000;
    /**
     * Entries of a dead consumer are claimed only when idle at least this long, so that two surviving consumers that
     * look at once do not both take them (the second XCLAIM finds them just claimed, idle 0).
     */
    static final long TAKEOVER_MIN_IDLE_MS = 2_000;
    /** Consumers of this process, renewed by the heartbeat: name -> (stream key, group). */
    private final Map<String, String[]> liveConsumers = new ConcurrentHashMap<>();
    private java.util.concurrent.ScheduledExecutorService heartbeat;

    /**
     * @param keyPrefix prepended to every key ("" in production; tests use their own prefix)
     */
    public RedisEventBus(String redisUrl, String keyPrefix, DataSource dataSource, SqlDialect dialect,
                         long claimIdleMs, int blockMs) {
        this(redisUrl, keyPrefix, dataSource, dialect, claimIdleMs, blockMs, 10_000);
    }

    /** @param maxLen the stream length trimming aims for (Dazzle's is 10,000); entries a group still needs stay */
    RedisEventBus(String redisUrl, String keyPrefix, DataSource dataSource, SqlDialect dialect,
                  long claimIdleMs, int blockMs, long maxLen) {
        this(redisUrl, keyPrefix, dataSource, dialect, claimIdleMs, blockMs, maxLen, DEFAULT_MARKER_TTL_S);
    }

    /**
     * @param markerTtlSeconds how long an event's marker lives, a second's hash after its last write or a key of its
     *                         own (see {@link #DEFAULT_MARKER_TTL_S}): the window in which a republish of the event
     *                         is dropped, and {@code /event/{id}} finds it
     */
    RedisEventBus(String redisUrl, String keyPrefix, DataSource dataSource, SqlDialect dialect,
                  long claimIdleMs, int blockMs, long maxLen, long markerTtlSeconds) {
        if (markerTtlSeconds < 1) {
            throw new IllegalArgumentException("marker lifetime must be at least 1 s, not " + markerTtlSeconds);
        }
        this.markerTtl = utf8(Long.toString(markerTtlSeconds));
        this.redis = RedisClient.create(URI.create(redisUrl));
        this.prefix = keyPrefix == null ? "" : keyPrefix;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.maxLen = maxLen;
        this.claimIdleMs = claimIdleMs;
        this.blockMs = blockMs;
    }

    public RedisEventBus(String redisUrl, DataSource dataSource, SqlDialect dialect) {
        this(redisUrl, "", dataSource, dialect, 30_000, 200);
    }

    String streamKey(String topic) {
        return prefix + "dazzle:stream:" + topic;
    }

    String dlqKey(String topic) {
        return prefix + "dazzle:dlq:" + topic;
    }

    /**
     * Where an event's marker lives. A time-ordered (version 7) id, as the events carry: a field named by the id in
     * the hash {@code dazzle:meta:events:<second>}, the second (since the epoch) the id's own timestamp falls in, so a
     * republish of the event finds the same hash; the hash expires as a whole once the marker lifetime has passed
     * since its last write. A second, not a longer span: Redis frees an expired hash in one go (unless the server has
     * lazyfree-lazy-expire), about 350 ms for a million fields here, so a minute's hash at 48,000 events/s would stall
     * Redis for about a second once a minute; a second's stalls it for about 17 ms, and at a few hundred events/s a
     * second's hash is a small listpack. Any other id (events written to the outbox by hand): a key of its own, {@code
     * dazzle:meta:event:<id>}, as every marker was before. A field of a hash costs Redis about 140 bytes, or 80 while
     * its second holds at most 128 events (a listpack), a key about 230 (its own object and expiry entry; 200,000
     * markers each way); HSETNX took 1.1 us of Redis CPU a call where
     * SET NX EX took 1.6, and the benchmark's Redis pipeline ran 45,800-49,400 events/s against 32,100-43,300 with
     * a key per marker (three alternating rounds of three runs). Markers an earlier version wrote as keys are still
     * found by {@link #find} and expire as they were set; a republish of such an event (its publish lost within the
     * last day, an upgrade in between) is appended again, and the consumers' inbox drops the repeat.
     */
    String markerKey(String eventId) {
        long second = secondOfTimeOrderedId(eventId);
        return second < 0 ? singleMarkerKey(eventId) : prefix + "dazzle:meta:events:" + second;
    }

    /** The marker key of one event (an id that is not time-ordered, or any marker before the hashes). */
    String singleMarkerKey(String eventId) {
        return prefix + "dazzle:meta:event:" + eventId;
    }

    /**
     * The second since the epoch of a version-7 UUID's timestamp ({@link EventIds#millisOf}), for the id in its
     * canonical 36-character form; -1 for any other text.
     */
    static long secondOfTimeOrderedId(String id) {
        if (id == null || id.length() != 36) {
            return -1;
        }
        try {
            long ms = EventIds.millisOf(UUID.fromString(id));
            return ms < 0 ? -1 : ms / 1_000;
        } catch (IllegalArgumentException notAUuid) {
            return -1;
        }
    }

    /**
     * The topic registry: a set of the topic names this bus has written a stream, a consumer group or a dead letter
     * for. The listings ({@link #topics}, {@link #consumers}, the DLQ across topics) read it instead of SCANning the
     * keyspace for {@code dazzle:stream:*}, because the keyspace also holds the markers (a hash per second, and a key
     * per event whose id is not time-ordered, or that an earlier version published): a SCAN's cost grows with them,
     * and the status endpoints and the metrics snapshot (every two seconds) list topics.
     */
    String topicsKey() {
        return prefix + "dazzle:meta:topics";
    }

    /** A consumer's liveness key: present while its process runs (see {@link #ALIVE_TTL_MS}). */
    String aliveKey(String consumerName) {
        return prefix + "dazzle:meta:alive:" + consumerName;
    }

    /**
     * The consumers that keep a liveness key: a set of their names. A consumer not in it (Dazzle's own, or one of an
     * earlier version) keeps no key, so a missing key says nothing about it; its entries wait for {@code claimIdleMs}.
     */
    String heartbeatingKey() {
        return prefix + "dazzle:meta:heartbeating";
    }

    /** Registers a consumer of this process with the heartbeat (its first poll), which renews its key from now on. */
    private void beat(String key, String groupId, String consumerName) {
        if (liveConsumers.containsKey(consumerName)) {
            return;
        }
        synchronized (liveConsumers) {
            if (heartbeat == null) {
                heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "redis-bus-heartbeat");
                    t.setDaemon(true);
                    return t;
                });
                heartbeat.scheduleWithFixedDelay(this::renewAlive, HEARTBEAT_MS, HEARTBEAT_MS,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            // the key before the set's entry: a consumer in the set without a key is dead to everyone else
            redis.set(aliveKey(consumerName), "1", SetParams.setParams().px(ALIVE_TTL_MS));
            redis.sadd(heartbeatingKey(), consumerName);
            liveConsumers.put(consumerName, new String[] {key, groupId});
        }
    }

    private void renewAlive() {
        try (AbstractPipeline p = redis.pipelined()) {
            for (String name : liveConsumers.keySet()) {
                p.set(aliveKey(name), "1", SetParams.setParams().px(ALIVE_TTL_MS));
                p.sadd(heartbeatingKey(), name); // again: Redis may have restarted empty
            }
            p.sync();
        } catch (RuntimeException e) {
            // Redis is unreachable: the consumers' polls fail too; renewal goes on once it is back
            LOG.debug("renewing consumer liveness failed: {}", Db.oneLine(e));
        }
    }

    /**
     * Takes over the pending entries of one dead consumer of the group (its name in {@link #heartbeatingKey}, its
     * liveness key gone): XPENDING lists them, XCLAIM moves them to {@code me} (entries deleted meanwhile are dropped
     * from the pending list by Redis). A dead consumer left with nothing pending leaves the group (XGROUP
     * DELCONSUMER) and the set, so XINFO CONSUMERS does not collect one consumer per crashed process.
     */
    private List<StreamEntry> takeOverDead(String key, String groupId, String me, int max) {
        StreamPendingSummary summary = redis.xpending(key, groupId);
        if (summary == null || summary.getTotal() == 0 || summary.getConsumerMessageCount() == null) {
            return List.of();
        }
        for (Map.Entry<String, Long> c : summary.getConsumerMessageCount().entrySet()) {
            String name = c.getKey();
            if (name.equals(me) || c.getValue() == null || c.getValue() <= 0 || !deadOfOurs(name)) {
                continue;
            }
            List<StreamPendingEntry> pending = redis.xpending(key, groupId,
                    XPendingParams.xPendingParams().count(max).consumer(name));
            if (pending.isEmpty()) {
                continue;
            }
            StreamEntryID[] ids = new StreamEntryID[pending.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = pending.get(i).getID();
            }
            List<StreamEntry> taken = redis.xclaim(key, groupId, me, TAKEOVER_MIN_IDLE_MS, XClaimParams.xClaimParams(),
                    ids);
            LOG.info("Consumer {} of group {} is gone: took over {} of its {} pending entries", name, groupId,
                    taken.size(), c.getValue());
            if (pending.size() >= c.getValue() && holdsNothing(key, groupId, name)) {
                leaveGroup(key, groupId, name);
            }
            if (!taken.isEmpty()) {
                return taken;
            }
        }
        return List.of();
    }

    /** A consumer of another process that keeps a liveness key (see {@link #heartbeatingKey}) and whose key is gone. */
    private boolean deadOfOurs(String name) {
        return !liveConsumers.containsKey(name) && redis.sismember(heartbeatingKey(), name)
                && !redis.exists(aliveKey(name));
    }

    private boolean holdsNothing(String key, String groupId, String name) {
        return redis.xpending(key, groupId, XPendingParams.xPendingParams().count(1).consumer(name)).isEmpty();
    }

    /** Removes a consumer from its group (XGROUP DELCONSUMER) and from the heartbeating set. */
    private void leaveGroup(String key, String groupId, String name) {
        redis.xgroupDelConsumer(key, groupId, name);
        redis.srem(heartbeatingKey(), name);
    }

    /** How often a consumer looks for dead consumers of its group that hold nothing (see {@link #sweepDead}). */
    static final long SWEEP_EVERY_MS = 60_000;
    /** (stream, group, consumer) -> last sweep. */
    private final Map<String, Long> lastSweep = new ConcurrentHashMap<>();

    /**
     * Removes from the group the dead consumers of ours (in {@link #heartbeatingKey}, liveness key gone) that hold no
     * pending entry: a process killed while idle leaves such a consumer, which nothing else would ever remove. At a
     * consumer's first claim check, then every {@link #SWEEP_EVERY_MS}.
     */
    private void sweepDead(String me, String key, String groupId, String consumerName, long now) {
        if (now - lastSweep.getOrDefault(me, 0L) < SWEEP_EVERY_MS) {
            return;
        }
        lastSweep.put(me, now);
        for (redis.clients.jedis.resps.StreamConsumerInfo c : redis.xinfoConsumers2(key, groupId)) {
            String name = c.getName();
            if (c.getPending() == 0 && !name.equals(consumerName) && deadOfOurs(name)) {
                leaveGroup(key, groupId, name);
                LOG.info("Consumer {} of group {} is gone and held nothing: removed from the group", name, groupId);
            }
        }
    }

    /** Whether this process has added the streams that existed before the registry (one SCAN, see topicNames). */
    private volatile boolean topicsSeeded;

    /**
     * The registered topic names, sorted. The first call of a process also walks the keyspace ONCE for streams and
     * dead-letter streams (SCAN ... TYPE stream) and registers their topics: streams written before the registry
     * existed, or by another writer.
     */
    private List<String> topicNames() {
        if (!topicsSeeded) {
            seedTopics();
        }
        return new ArrayList<>(new TreeSet<>(redis.smembers(topicsKey())));
    }

    private synchronized void seedTopics() {
        if (topicsSeeded) {
            return;
        }
        String streams = prefix + "dazzle:stream:";
        String dlqs = prefix + "dazzle:dlq:";
        List<String> found = new ArrayList<>();
        for (String k : scanKeys(globEscape(prefix + "dazzle:") + "*", "stream")) {
            if (k.startsWith(streams) && k.length() > streams.length()) {
                found.add(k.substring(streams.length()));
            } else if (k.startsWith(dlqs) && k.length() > dlqs.length()) {
                found.add(k.substring(dlqs.length()));
            }
        }
        if (!found.isEmpty()) {
            redis.sadd(topicsKey(), found.toArray(new String[0]));
        }
        topicsSeeded = true;
    }

    /** Adds a topic to the registry (a group or a dead letter may create its stream outside the publish script). */
    private void register(String topic) {
        redis.sadd(topicsKey(), topic);
    }

    @Override
    public String brokerType() {
        return "RedisBus";
    }

    @Override
    public String tier() {
        return "redis";
    }

    @Override
    public void ping() {
        redis.ping();
    }

    @Override
    public boolean sharesOutboxDatabase() {
        return false;
    }

    @Override
    public void publishInTransaction(Connection tx, List<OutboxStore.Row> rows) {
        throw new UnsupportedOperationException("the Redis bus publishes outside the database");
    }

    @Override
    public Map<String, String> publishExternal(List<OutboxStore.Row> rows) {
        String sha = scriptSha;
        if (sha == null) {
            sha = redis.scriptLoad(PUBLISH_SCRIPT);
            scriptSha = sha;
        }
        byte[] shaBytes = utf8(sha);
        Map<String, String> failed = new LinkedHashMap<>();
        List<Response<Object>> responses = new ArrayList<>();
        List<List<OutboxStore.Row>> chunks = new ArrayList<>();
        // the script's arguments as bytes, built straight from the field values: the String arguments went through
        // Jedis' per-argument wrapping and encoding, and a LinkedHashMap per event, about a third of the relay thread
        Map<String, byte[]> streamKeys = new HashMap<>();
        Map<String, byte[]> markerKeys = new HashMap<>(); // a batch's events share a few seconds' marker hashes
        byte[] registry = utf8(topicsKey());
        try (AbstractPipeline p = redis.pipelined()) {
            List<byte[]> keys = new ArrayList<>(2 * PUBLISH_CHUNK + 1);
            keys.add(registry);
            List<byte[]> args = new ArrayList<>(1 + PUBLISH_CHUNK * (FIELD_COUNT + 1));
            args.add(markerTtl);
            List<OutboxStore.Row> chunk = new ArrayList<>();
            for (OutboxStore.Row r : rows) {
                String[] v = fieldValuesOfStoredEnvelope(r.envelopeJson());
                if (v == null) {
                    try {
                        v = fieldValues(EventEnvelope.fromJson(r.envelopeJson()));
                    } catch (IllegalArgumentException bad) {
                        failed.put(r.id(), "Unexpected error: " + bad.getMessage());
                        continue;
                    }
                }
                keys.add(streamKeys.computeIfAbsent(r.topic(), t -> utf8(streamKey(t))));
                keys.add(markerKeys.computeIfAbsent(markerKey(v[0]), RedisEventBus::utf8));
                args.add(utf8(r.topic()));
                for (int i = 0; i < FIELD_COUNT; i++) {
                    args.add(utf8(v[i]));
                }
                chunk.add(r);
                if (chunk.size() == PUBLISH_CHUNK) {
                    responses.add(p.evalsha(shaBytes, keys, args));
                    chunks.add(chunk);
                    keys = new ArrayList<>(2 * PUBLISH_CHUNK + 1);
                    keys.add(registry);
                    args = new ArrayList<>(1 + PUBLISH_CHUNK * (FIELD_COUNT + 1));
                    args.add(markerTtl);
                    chunk = new ArrayList<>();
                }
            }
            if (!chunk.isEmpty()) {
                responses.add(p.evalsha(shaBytes, keys, args));
                chunks.add(chunk);
            }
            p.sync();
        }
        long now = System.currentTimeMillis();
        for (String topic : rows.stream().map(OutboxStore.Row::topic).distinct().toList()) {
            if (now - lastTrim.getOrDefault(topic, 0L) >= TRIM_EVERY_MS) {
                lastTrim.put(topic, now);
                try {
                    trim(topic);
                } catch (RuntimeException ex) {
                    LOG.warn("trimming {} failed (retried with the next publish): {}", streamKey(topic), Db.oneLine(ex));
                }
            }
        }
        for (int i = 0; i < chunks.size(); i++) {
            try {
                if (responses.get(i).get() instanceof Long dropped && dropped > 0) {
                    LOG.debug("{} event(s) already on the bus were not appended again", dropped);
                }
            } catch (JedisDataException ex) {
                if (ex.getMessage() != null && ex.getMessage().startsWith("NOSCRIPT")) {
                    scriptSha = null;
                }
                // the whole chunk counts as failed; what the script did append before the error is not appended
                // again when the rows are retried (their markers exist)
                for (OutboxStore.Row r : chunks.get(i)) {
                    failed.put(r.id(), Db.oneLine(ex));
                }
            }
        }
        return failed;
    }

    /** Trims the topic's stream now (see {@link #TRIM_SCRIPT}); returns the number of entries removed. */
    long trim(String topic) {
        String sha = trimSha;
        if (sha == null) {
            sha = redis.scriptLoad(TRIM_SCRIPT);
            trimSha = sha;
        }
        try {
            return (Long) redis.evalsha(sha, List.of(streamKey(topic)),
                    List.of(Long.toString(maxLen), Integer.toString(TRIM_SCAN)));
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                trimSha = null;
            }
            throw e;
        }
    }

    static final int FIELD_COUNT = FIELDS.length;
    private static final byte[][] FIELD_NAMES = new byte[FIELD_COUNT][];
    /**
     * Default lifetime of an event's marker, 24 hours (a second's marker hash lives that long after its last write). A
     * marker makes a republish of its event a no-op, and a republish follows the first publish within seconds (a
     * relay's transaction that failed after the bus call) or, at worst, when PostgreSQL is back after a crash lost the
     * relay's asynchronous commit; entries the marker could locate for {@code /event/{id}} are trimmed long before
     * (about 10,000 per stream). See {@link #markerKey} for what a marker costs. {@code
     * DAZZLE_EVENTS_REDIS_MARKER_TTL_S} sets it.
     */
    static final long DEFAULT_MARKER_TTL_S = 24 * 3600;
    private final byte[] markerTtl;

    static {
        for (int i = 0; i < FIELD_COUNT; i++) {
            FIELD_NAMES[i] = utf8(FIELDS[i]);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Map<String, String> fields(EventEnvelope e) {
        return asMap(fieldValues(e));
    }

    /** The stream field values of an envelope, in {@link #FIELDS} order. */
    static String[] fieldValues(EventEnvelope e) {
        return new String[] {e.eventId().toString(), e.eventType(), e.eventVersion(), e.key(), Wire.write(e.payload()),
                Wire.write(e.headers()), e.correlationId() == null ? "" : e.correlationId().toString(),
                e.causationId() == null ? "" : e.causationId().toString(), e.timestamp().text(), e.producer()};
    }

    private static Map<String, String> asMap(String[] values) {
        if (values == null) {
            return null;
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < FIELD_COUNT; i++) {
            f.put(FIELDS[i], values[i]);
        }
        return f;
    }

    /** Lowercase canonical UUID text (8-4-4-4-12), the only id shape {@link #fieldValuesOfStoredEnvelope} passes on. */
    static boolean isCanonicalUuid(String v) {
        if (v.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = v.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The stream field values of a stored envelope ({@code envelope_json}), in {@link #FIELDS} order, read in one
     * streaming pass: the same values as {@code fieldValues(EventEnvelope.fromJson(json))}, without building the
     * envelope and writing its payload again (that round trip was 60% of the relay thread's CPU). The payload's and
     * headers' text is passed on as stored (the same JSON value; the envelope was written by the same JSON writer, so
     * normally the same text too). Returns null for anything this pass does not vouch for (a missing or non-canonical
     * id, a timestamp that does not parse, a non-object payload or headers, a non-string header, a repeated or
     * unknown key, malformed JSON): the caller then takes the full path, which also gives the precise error for a bad
     * envelope.
     */
    static String[] fieldValuesOfStoredEnvelope(String json) {
        String id = null;
        String type = "";
        String version = EventEnvelope.DEFAULT_VERSION;
        String key = "";
        String payload = "{}";
        String headers = "{}";
        String corr = "";
        String caus = "";
        String timestamp = null;
        String producer = EventEnvelope.DEFAULT_PRODUCER;
        int seen = 0; // bit per known key: a repeated key is refused (an unknown one is refused anyway)
        try (com.fasterxml.jackson.core.JsonParser p = Wire.mapper().getFactory().createParser(json)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int known = STORED_KEYS.indexOf(name);
                if (known < 0 || (seen & 1 << known) != 0) {
                    return null;
                }
                seen |= 1 << known;
                t = p.nextToken();
                boolean str = t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING;
                boolean nul = t == com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
                switch (name) {
                    case "event_id", "correlation_id", "causation_id" -> {
                        String v = str ? p.getText() : null;
                        if (v != null && !isCanonicalUuid(v) || v == null && !nul) {
                            return null;
                        }
                        if ("event_id".equals(name)) {
                            id = v;
                        } else if ("correlation_id".equals(name)) {
                            corr = v == null ? "" : v;
                        } else {
                            caus = v == null ? "" : v;
                        }
                    }
                    case "event_type", "event_version", "key", "producer" -> {
                        if (!str && !nul) {
                            return null;
                        }
                        if (str) {
                            switch (name) {
                                case "event_type" -> type = p.getText();
                                case "event_version" -> version = p.getText();
                                case "key" -> key = p.getText();
                                default -> producer = p.getText();
                            }
                        }
                    }
                    case "timestamp" -> {
                        if (!str) {
                            return null;
                        }
                        WireTime w = WireTime.tryParse(p.getText()).orElse(null);
                        if (w == null) {
                            return null;
                        }
                        timestamp = w.text();
                    }
                    case "payload" -> {
                        if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                            int from = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            int to = (int) p.currentTokenLocation().getCharOffset() + 1;
                            if (from < 0 || to > json.length() || json.charAt(from) != '{' || json.charAt(to - 1) != '}') {
                                return null;
                            }
                            payload = json.substring(from, to);
                        } else if (!nul) {
                            return null;
                        }
                    }
                    case "headers" -> {
                        if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                            // string values only, no repeated name: then the stored text is the headers' JSON
                            int from = (int) p.currentTokenLocation().getCharOffset();
                            java.util.Set<String> names = new java.util.HashSet<>();
                            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                                if (!names.add(p.currentName())
                                        || p.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                                    return null;
                                }
                            }
                            int to = (int) p.currentTokenLocation().getCharOffset() + 1;
                            if (from < 0 || to > json.length() || json.charAt(from) != '{' || json.charAt(to - 1) != '}') {
                                return null;
                            }
                            headers = json.substring(from, to);
                        } else if (!nul) {
                            return null;
                        }
                    }
                    case "deliver_at" -> {
                        if (!str && !nul) {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (t != com.fasterxml.jackson.core.JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        if (id == null || timestamp == null) {
            return null;
        }
        return new String[] {id, type, version, key, payload, headers, corr, caus, timestamp, producer};
    }

    /** The keys a stored envelope may have (anything else sends it down the full path). */
    private static final List<String> STORED_KEYS = List.of("event_id", "event_type", "event_version", "key", "payload",
            "headers", "correlation_id", "causation_id", "timestamp", "producer", "deliver_at");

    static EventEnvelope envelope(Map<String, String> f) {
        return envelope(values(f));
    }

    /** The envelope of a stream entry's field values ({@link #FIELDS} order, null for a missing field). */
    static EventEnvelope envelope(String[] v) {
        String corr = v[6] == null ? "" : v[6];
        String caus = v[7] == null ? "" : v[7];
        JsonNode payload = read(v[4]);
        return new EventEnvelope(UUID.fromString(v[0]), v[1], v[2],
                corr.isEmpty() ? null : UUID.fromString(corr), caus.isEmpty() ? null : UUID.fromString(caus),
                v[3], payload.isObject() ? (ObjectNode) payload : null, headers(v[5]),
                WireTime.parse(v[8]), v[9], null);
    }

    /**
     * The headers of a stream entry: a flat object of strings is read in one streaming pass; anything else (a
     * non-string value: its JSON text, as before) through the tree. Unreadable or missing headers are empty.
     */
    static Map<String, String> headers(String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (json == null || json.isEmpty()) {
            return headers;
        }
        try (com.fasterxml.jackson.core.JsonParser p = Wire.mapper().getFactory().createParser(json)) {
            if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                com.fasterxml.jackson.core.JsonToken t;
                while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                        t = null;
                        break;
                    }
                    headers.put(name, p.getText());
                }
                if (t == com.fasterxml.jackson.core.JsonToken.END_OBJECT && p.nextToken() == null) {
                    return headers;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not a flat object of strings: the general path below decides
        }
        headers.clear();
        JsonNode h = read(json);
        h.fields().forEachRemaining(en -> headers.put(en.getKey(),
                en.getValue().isTextual() ? en.getValue().asText() : en.getValue().toString()));
        return headers;
    }

    private static JsonNode read(String json) {
        if (json == null || json.isEmpty()) {
            return Wire.mapper().createObjectNode();
        }
        try {
            return Wire.mapper().readTree(json);
        } catch (Exception e) {
            return Wire.mapper().createObjectNode();
        }
    }

    private volatile String epoch;

    /**
     * The epoch marker {@code dazzle:meta:epoch} is set once per Redis data set; when it is gone (Redis restarted
     * empty) every instance notices, and the first call after that returns true. An instance that finds the marker
     * missing but loses the race to create it, and had seen no data set before (it is just starting), reports no loss:
     * the data set is new, created a moment ago by the winner, which republishes. (Before, it reported a loss too and
     * queued the rows the winner had just published for publishing again; the bus dropped them, but the work was
     * done twice, and relays starting together on a fresh Redis hit it.) Synchronized: relays of one process share
     * the bus.
     */
    @Override
    public synchronized boolean detectDataLoss() {
        String key = prefix + "dazzle:meta:epoch";
        String current = redis.get(key);
        if (current != null && current.equals(epoch)) {
            return false;
        }
        if (current == null) {
            String mine = UUID.randomUUID().toString();
            boolean created = "OK".equals(redis.set(key, mine, SetParams.setParams().nx()));
            current = created ? mine : redis.get(key);
            boolean sawOne = epoch != null;
            epoch = current;
            scriptSha = null;
            topicsSeeded = false; // a new data set: look once more for streams written before this process saw it
            // missing marker: a new data set (first start or a restart): republish recent rows, unless another
            // instance made the new data set first and this one had none before
            return created || sawOne;
        }
        boolean changed = epoch != null; // another instance already re-created it after a loss
        epoch = current;
        return changed;
    }

    @Override
    public void ensureGroup(String topic, String groupId) {
        register(topic); // MKSTREAM below may create the topic's stream
        try {
            redis.xgroupCreate(streamKey(topic), groupId, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** The batch's transaction holds only what the sink does: the position is the XACK after its commit. */
    @Override
    public boolean sinkGetsFreshTransaction() {
        return true;
    }

    @Override
    public int poll(String topic, String groupId, String consumerName, int max, BatchSink sink) throws Exception {
        String key = streamKey(topic);
        String me = key + '\n' + groupId + '\n' + consumerName;
        byte[] rawKey = utf8(key);
        // 1) our own pending entries (a batch of ours that failed before its XACK: checked at the first poll and after
        // such a failure), 2) entries a dead consumer left idle (XAUTOCLAIM, at most every claimCheckMs), 3) new ones
        List<Delivered> entries = List.of();
        if (!ownPendingClear.contains(me)) {
            entries = read(rawKey, groupId, consumerName, max, "0", 0);
            if (entries.isEmpty()) {
                ownPendingClear.add(me);
            }
        }
        beat(key, groupId, consumerName);
        long now = System.currentTimeMillis();
        if (entries.isEmpty() && now - lastClaimCheck.getOrDefault(me, 0L) >= claimCheckMs()) {
            entries = delivered(takeOverDead(key, groupId, consumerName, max));
            if (entries.isEmpty()) {
                Map.Entry<StreamEntryID, List<StreamEntry>> claimed = redis.xautoclaim(key, groupId, consumerName,
                        claimIdleMs, new StreamEntryID(0, 0), new XAutoClaimParams().count(max));
                entries = claimed == null ? List.of() : delivered(claimed.getValue());
            }
            if (entries.isEmpty()) {
                lastClaimCheck.put(me, now);
                sweepDead(me, key, groupId, consumerName, now);
            }
        }
        if (entries.isEmpty()) {
            entries = read(rawKey, groupId, consumerName, max, ">", blockMs);
        }
        if (entries.isEmpty()) {
            return 0;
        }
        // until the XACK below, these entries are pending for us: a failure in between makes the next poll read them
        ownPendingClear.remove(me);
        List<EventEnvelope> batch = new ArrayList<>(entries.size());
        byte[][] ids = new byte[entries.size()][];
        int i = 0;
        for (Delivered en : entries) {
            ids[i++] = en.id();
            if (en.values() == null) {
                continue; // trimmed or deleted while pending: nothing to deliver, just acknowledge
            }
            try {
                batch.add(envelope(en.values()));
            } catch (RuntimeException bad) {
                // an unreadable entry cannot be handled; it is acknowledged and left in the stream
            }
        }
        if (!batch.isEmpty()) {
            Connection c = Db.begin(dataSource, dialect);
            try {
                sink.accept(c, batch);
                c.commit();
            } finally {
                Db.release(c);
            }
        }
        redis.xack(rawKey, utf8(groupId), ids);
        ownPendingClear.add(me);
        return entries.size();
    }

    /**
     * A stream entry as delivered to a consumer: its id as Redis sent it, and its field values in {@link #FIELDS}
     * order (null for a field the entry lacks; other fields are ignored), or {@code values == null} for an entry
     * that was deleted or trimmed while pending.
     */
    record Delivered(byte[] id, String[] values) {
    }

    /** (stream, group, consumer) whose own pending list is known to be empty. */
    private final java.util.Set<String> ownPendingClear = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** (stream, group, consumer) -> last XAUTOCLAIM that found nothing to take over. */
    private final Map<String, Long> lastClaimCheck = new java.util.concurrent.ConcurrentHashMap<>();

    /** How often idle entries of dead consumers are looked for: half the idle time, at most every second. */
    long claimCheckMs() {
        return Math.max(10, Math.min(claimIdleMs / 2, 1000));
    }

    private static final byte[] GROUP = utf8("GROUP");
    private static final byte[] COUNT = utf8("COUNT");
    private static final byte[] BLOCK = utf8("BLOCK");
    private static final byte[] STREAMS = utf8("STREAMS");

    /**
     * XREADGROUP of one stream from {@code from} ("0": our pending entries, ">": new ones), its reply read as it
     * comes: the entries' field values go straight into {@link Delivered} (Jedis' typed reply built a map of lists of
     * entries, each with a hash map of its fields, and parsed every entry id, only for us to take them apart again).
     */
    private List<Delivered> read(byte[] key, String group, String consumer, int max, String from, int block) {
        byte[][] args = block > 0
                ? new byte[][] {GROUP, utf8(group), utf8(consumer), COUNT, utf8(Integer.toString(max)), BLOCK,
                        utf8(Integer.toString(block)), STREAMS, key, utf8(from)}
                : new byte[][] {GROUP, utf8(group), utf8(consumer), COUNT, utf8(Integer.toString(max)), STREAMS, key,
                        utf8(from)};
        Object reply = block > 0 ? redis.sendBlockingCommand(Protocol.Command.XREADGROUP, args)
                : redis.sendCommand(Protocol.Command.XREADGROUP, args);
        return deliveredOfReply(reply);
    }

    /**
     * The entries of an XREADGROUP reply for one stream: RESP3 answers a map (stream -> entries, as key-value pairs),
     * RESP2 an array of [stream, entries] pairs; no streams (a timeout) is null or empty.
     */
    static List<Delivered> deliveredOfReply(Object reply) {
        if (!(reply instanceof List<?> streams) || streams.isEmpty()) {
            return List.of();
        }
        Object first = streams.get(0);
        Object entries;
        if (first instanceof redis.clients.jedis.util.KeyValue<?, ?> kv) {
            entries = kv.getValue();
        } else if (first instanceof List<?> pair && pair.size() == 2) {
            entries = pair.get(1);
        } else {
            throw new IllegalStateException("unexpected XREADGROUP reply: " + first);
        }
        if (!(entries instanceof List<?> list)) {
            return List.of();
        }
        List<Delivered> out = new ArrayList<>(list.size());
        for (Object e : list) {
            List<?> entry = (List<?>) e;
            byte[] id = (byte[]) entry.get(0);
            Object fv = entry.size() > 1 ? entry.get(1) : null;
            if (!(fv instanceof List<?> pairs) || pairs.isEmpty()) {
                out.add(new Delivered(id, null));
                continue;
            }
            String[] values = new String[FIELD_COUNT];
            for (int j = 0; j + 1 < pairs.size(); j += 2) {
                int f = fieldIndex((byte[]) pairs.get(j));
                if (f >= 0) {
                    Object v = pairs.get(j + 1);
                    values[f] = v == null ? null : new String((byte[]) v, java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            out.add(new Delivered(id, values));
        }
        return out;
    }

    /** Entries taken over with XAUTOCLAIM (Jedis' typed reply) as {@link Delivered}. */
    private static List<Delivered> delivered(List<StreamEntry> entries) {
        List<Delivered> out = new ArrayList<>(entries.size());
        for (StreamEntry en : entries) {
            Map<String, String> f = en.getFields();
            out.add(new Delivered(utf8(en.getID().toString()), f == null || f.isEmpty() ? null : values(f)));
        }
        return out;
    }

    private static String[] values(Map<String, String> f) {
        String[] v = new String[FIELD_COUNT];
        for (int i = 0; i < FIELD_COUNT; i++) {
            v[i] = f.get(FIELDS[i]);
        }
        return v;
    }

    /** The position of a field name in {@link #FIELDS}, or -1. */
    private static int fieldIndex(byte[] name) {
        for (int i = 0; i < FIELD_COUNT; i++) {
            if (java.util.Arrays.equals(FIELD_NAMES[i], name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public DlqStore dlq() {
        return dlq;
    }

    /** Walks the whole keyspace: only for the registry's one-time seed and for tests' clean-up. */
    private List<String> scanKeys(String pattern, String type) {
        TreeSet<String> keys = new TreeSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> r = type == null ? redis.scan(cursor, params) : redis.scan(cursor, params, type);
            keys.addAll(r.getResult());
            cursor = r.getCursor();
        } while (!"0".equals(cursor));
        return new ArrayList<>(keys);
    }

    private static String idTime(StreamEntryID id) {
        return id == null ? null : WireTime.pythonIso(Instant.ofEpochMilli(id.getTime())).text();
    }

    @Override
    public List<TopicStat> topics() {
        List<TopicStat> out = new ArrayList<>();
        for (String topic : topicNames()) {
            String key = streamKey(topic);
            long len = redis.xlen(key);
            if (len == 0 && !redis.exists(key)) {
                continue; // registered (a dead letter, say) but without a stream: not a topic on the bus
            }
            List<String> groups = new ArrayList<>();
            for (StreamGroupInfo g : redis.xinfoGroups(key)) {
                groups.add(g.getName());
            }
            List<StreamEntry> first = redis.xrange(key, "-", "+", 1);
            List<StreamEntry> last = redis.xrevrange(key, "+", "-", 1);
            out.add(new TopicStat(topic, len, groups, redis.xlen(dlqKey(topic)),
                    first.isEmpty() ? null : idTime(first.get(0).getID()),
                    last.isEmpty() ? null : idTime(last.get(0).getID())));
        }
        return out;
    }

    private static String globEscape(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @Override
    public TopicPage page(String topic, int offset, int limit, String key, String eventType) {
        List<StoredEvent> matching = new ArrayList<>();
        for (StreamEntry en : redis.xrange(streamKey(topic), "-", "+")) {
            Map<String, String> f = en.getFields();
            if (key != null && !key.equals(f.get("key"))) {
                continue;
            }
            if (eventType != null && !eventType.equals(f.get("event_type"))) {
                continue;
            }
            try {
                matching.add(new StoredEvent(envelope(f), topic));
            } catch (RuntimeException bad) {
                // unreadable entry: not listed
            }
        }
        int from = Math.min(offset, matching.size());
        int to = Math.min(from + limit, matching.size());
        return new TopicPage(new ArrayList<>(matching.subList(from, to)), matching.size());
    }

    @Override
    public Optional<StoredEvent> find(String eventId) {
        String id;
        try {
            id = UUID.fromString(eventId).toString();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String key = markerKey(id);
        String single = singleMarkerKey(id);
        String marker = key.equals(single) ? redis.get(key) : redis.hget(key, id);
        if (marker == null && !key.equals(single)) {
            marker = redis.get(single); // a marker an earlier version wrote as a key
        }
        if (marker == null || marker.indexOf(' ') < 0) {
            return Optional.empty();
        }
        String topic = marker.substring(0, marker.lastIndexOf(' '));
        String entryId = marker.substring(marker.lastIndexOf(' ') + 1);
        List<StreamEntry> r = redis.xrange(streamKey(topic), entryId, entryId);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredEvent(envelope(r.get(0).getFields()), topic));
    }

    @Override
    public List<ConsumerPosition> consumers() {
        List<ConsumerPosition> out = new ArrayList<>();
        for (String topic : topicNames()) {
            String key = streamKey(topic);
            if (!redis.exists(key)) {
                continue;
            }
            for (StreamGroupInfo g : redis.xinfoGroups(key)) {
                Object lag = g.getGroupInfo().get("lag");
                long l;
                if (lag instanceof Long n) {
                    l = n;
                } else {
                    // Redis cannot tell (entries deleted/trimmed): count entries after last-delivered-id
                    StreamEntryID last = g.getLastDeliveredId();
                    l = redis.xrange(key, "(" + last, "+").size();
                }
                StreamEntryID last = g.getLastDeliveredId();
                out.add(new ConsumerPosition(g.getName(), topic, last == null ? 0 : last.getTime(), l));
            }
        }
        out.sort(Comparator.comparing(ConsumerPosition::topic).thenComparing(ConsumerPosition::groupId));
        return out;
    }

    /** Deletes every key under this bus's prefix (tests and benchmarks only; refuses the production namespace). */
    public void deleteAllKeysUnderPrefix() {
        if (prefix.isEmpty()) {
            throw new IllegalStateException("refusing to delete the shared dazzle: namespace");
        }
        for (String k : scanKeys(globEscape(prefix) + "*", null)) {
            redis.del(k);
        }
        topicsSeeded = false;
    }

    @Override
    public void close() {
        synchronized (liveConsumers) {
            if (heartbeat != null) {
                heartbeat.shutdownNow();
                heartbeat = null;
            }
            // stopped: whatever our consumers still hold may be taken over at once; one that holds nothing leaves
            // its group, so XINFO CONSUMERS does not collect a consumer per process start
            try {
                for (Map.Entry<String, String[]> c : liveConsumers.entrySet()) {
                    redis.del(aliveKey(c.getKey()));
                    String key = c.getValue()[0];
                    String group = c.getValue()[1];
                    if (holdsNothing(key, group, c.getKey())) {
                        leaveGroup(key, group, c.getKey());
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("removing consumer liveness keys failed: {}", Db.oneLine(e));
            }
            liveConsumers.clear();
        }
        redis.close();
    }

    /** {@code dazzle:dlq:<topic>} streams; entries carry the envelope fields plus the reason and group. */
    final class RedisDlq implements DlqStore {

        @Override
        public void add(Connection tx, String topic, String groupId, EventEnvelope envelope, String reasonCode,
                        String reasonMessage, int attempts) {
            Map<String, String> f = fields(envelope);
            f.put("reason_code", reasonCode);
            f.put("reason_message", reasonMessage == null ? "" : reasonMessage);
            f.put("reason_metadata", "{}");
            f.put("attempts", Integer.toString(attempts));
            f.put("group_id", groupId);
            f.put("dlq_at", Db.nowIso());
            register(topic);
            redis.xadd(dlqKey(topic), XAddParams.xAddParams().maxLen(10_000).approximateTrimming(), f);
        }

        private List<String> keys(String topic) {
            if (topic != null && !topic.isEmpty()) {
                return List.of(dlqKey(topic));
            }
            List<String> keys = new ArrayList<>();
            for (String t : topicNames()) {
                keys.add(dlqKey(t)); // a topic without dead letters reads as an empty stream
            }
            return keys;
        }

        private record Found(String key, StreamEntryID id, Entry entry) {
        }

        private List<Found> all(String topic, String groupId) {
            String dlqPrefix = prefix + "dazzle:dlq:";
            List<Found> out = new ArrayList<>();
            for (String k : keys(topic)) {
                String t = k.substring(dlqPrefix.length());
                for (StreamEntry en : redis.xrevrange(k, "+", "-")) {
                    Map<String, String> f = en.getFields();
                    if (groupId != null && !groupId.isEmpty() && !groupId.equals(f.get("group_id"))) {
                        continue;
                    }
                    EventEnvelope env;
                    try {
                        env = envelope(f);
                    } catch (RuntimeException bad) {
                        env = null;
                    }
                    int attempts;
                    try {
                        attempts = Integer.parseInt(f.getOrDefault("attempts", "1"));
                    } catch (NumberFormatException nfe) {
                        attempts = 1;
                    }
                    out.add(new Found(k, en.getID(), new Entry(f.getOrDefault("id", ""), t,
                            f.getOrDefault("group_id", ""), f.getOrDefault("reason_code", "unknown"),
                            f.getOrDefault("reason_message", ""), attempts, f.get("dlq_at"), env)));
                }
            }
            // newest first across topics (Dazzle visits topics in SCAN order; a global order is more useful)
            out.sort(Comparator.comparing((Found x) -> x.id().getTime()).thenComparing(x -> x.id().getSequence())
                    .reversed());
            return out;
        }

        @Override
        public List<Entry> list(String topic, String groupId, int offset, int limit) {
            List<Found> all = all(topic, groupId);
            int from = Math.min(offset, all.size());
            int to = Math.min(from + limit, all.size());
            List<Entry> out = new ArrayList<>();
            for (Found f : all.subList(from, to)) {
                out.add(f.entry());
            }
            return out;
        }

        @Override
        public long count(String topic, String groupId) {
            if (groupId == null || groupId.isEmpty()) {
                long n = 0;
                for (String k : keys(topic)) {
                    n += redis.xlen(k);
                }
                return n;
            }
            return all(topic, groupId).size();
        }

        @Override
        public Optional<Entry> remove(String eventId, String groupId) {
            Map<String, Found> byId = new HashMap<>();
            for (Found f : all(null, groupId)) {
                byId.putIfAbsent(f.entry().eventId(), f);
            }
            Found f = byId.get(eventId);
            if (f == null) {
                return Optional.empty();
            }
            // XDEL answers 1 for exactly one caller, so two concurrent replays cannot both re-queue
            return redis.xdel(f.key(), f.id()) == 1 ? Optional.of(f.entry()) : Optional.empty();
        }
    }
}
