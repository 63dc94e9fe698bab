package com.dazzleops.console.core.samples;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.client.Capabilities;
import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.monitor.ConsumerKey;
import com.dazzleops.console.core.monitor.EndpointResult;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.servers.ConsolePaths;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.events.ConsumerInfo;
import com.dazzleops.model.events.ConsumersResponse;
import com.dazzleops.model.events.OutboxResponse;
import com.dazzleops.model.events.OutboxStats;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Local history of lag and outbox samples, and each server's last known snapshot, in one SQLite file
 * ({@link ConsolePaths#samplesFile()} by default, any path for tests).
 *
 * <p>Retention and downsampling ({@link Resolution}): raw samples for 1 hour, 1-minute buckets (mean, max, count)
 * for 24 hours, 10-minute buckets for 7 days. Each sample updates all three tiers in one transaction; {@link
 * #compact} deletes what is older than each tier's retention (the engine calls it every few minutes;
 * {@link #record} also calls it at most once per 5 minutes). Queries pick the finest tier that covers the window.
 *
 * <p>All methods block (SQLite I/O): call them off the FX thread. Thread-safe (one connection, serialised). A file
 * that is not a SQLite database, or a schema it cannot use, gives an {@link IllegalStateException} naming the file
 * on {@link #open}; nothing is overwritten.
 */
public final class SampleStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SampleStore.class);
    private static final ObjectMapper JSON = Wire.mapper();
    private static final Duration COMPACT_EVERY = Duration.ofMinutes(5);
    private static final int SCHEMA_VERSION = 1;

    private final Path file;
    private final Clock clock;
    private final Connection db;
    private Instant lastCompact = Instant.EPOCH;
    private final Map<String, Instant> lastKnownWritten = new java.util.HashMap<>();
    private final Map<String, String> lastKnownLevels = new java.util.HashMap<>();
    /** Per server and endpoint, when the answer last recorded was fetched: a reading is recorded once. */
    private final Map<String, Instant> recordedFetch = new java.util.HashMap<>();
    private final Map<String, PreparedStatement> statements = new java.util.HashMap<>();

    /** The last known state is rewritten at most this often per server (or at once when a check changes level). */
    public static final Duration LAST_KNOWN_EVERY = Duration.ofSeconds(60);

    private SampleStore(Path file, Clock clock, Connection db) {
        this.file = file;
        this.clock = clock;
        this.db = db;
    }

    /** Opens (creating if needed) the store at {@link ConsolePaths#samplesFile()}. */
    public static SampleStore openDefault() {
        return open(ConsolePaths.samplesFile(), Clock.systemUTC());
    }

    /**
     * Opens (creating if needed) the store at {@code file}.
     *
     * @throws IllegalStateException when the file cannot be used (message names it and says why)
     */
    public static SampleStore open(Path file, Clock clock) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA busy_timeout=5000");
                int version;
                try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    throw new SQLException("schema version " + version + " is newer than this console ("
                            + SCHEMA_VERSION + ")");
                }
                for (String tier : new String[] {"lag_raw", "lag_1m", "lag_10m"}) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + tier + " (server_id TEXT NOT NULL, group_id TEXT NOT NULL,"
                            + " topic TEXT NOT NULL, t INTEGER NOT NULL, lag_sum REAL NOT NULL, lag_max INTEGER NOT NULL,"
                            + " n INTEGER NOT NULL, PRIMARY KEY (server_id, group_id, topic, t)) WITHOUT ROWID");
                }
                for (String tier : new String[] {"outbox_raw", "outbox_1m", "outbox_10m"}) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + tier + " (server_id TEXT NOT NULL, t INTEGER NOT NULL,"
                            + " pending REAL NOT NULL, publishing REAL NOT NULL, published REAL NOT NULL,"
                            + " failed REAL NOT NULL, oldest_age REAL NOT NULL, oldest_n INTEGER NOT NULL,"
                            + " n INTEGER NOT NULL, PRIMARY KEY (server_id, t)) WITHOUT ROWID");
                }
                st.execute("CREATE TABLE IF NOT EXISTS last_known (server_id TEXT PRIMARY KEY, t INTEGER NOT NULL,"
                        + " body TEXT NOT NULL)");
                st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            }
            return new SampleStore(file, clock, c);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw new IllegalStateException("cannot use " + file + " as the sample store: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    /**
     * Stores the lag and outbox samples of a fresh snapshot (stale or down snapshots add no samples) and keeps the
     * snapshot as the server's last known state.
     */
    public void record(ServerSnapshot s) {
        recordAll(List.of(s));
    }

    /** {@link #record} for several snapshots in one transaction (the engine batches about a second's worth). */
    public void recordAll(List<ServerSnapshot> snapshots) {
        List<ServerSnapshot> fresh = snapshots.stream()
                .filter(s -> s.status() != ServerStatus.UNKNOWN && !s.stale()).toList();
        if (fresh.isEmpty()) {
            return;
        }
        synchronized (this) {
            try {
                db.setAutoCommit(false);
                try {
                    for (ServerSnapshot s : fresh) {
                        Instant t = s.polledAt();
                        // a snapshot carries the latest answer of each endpoint, which a poll may not have renewed
                        if (fresh(s, Endpoint.CONSUMERS)) {
                            s.consumers().valueIfOk().ifPresent(c -> writeLag(s.serverId(), t, c));
                        }
                        if (fresh(s, Endpoint.OUTBOX)) {
                            s.outbox().valueIfOk().ifPresent(o -> writeOutbox(s.serverId(), t, o,
                                    s.oldestPendingAge().map(d -> d.toMillis() / 1000.0).orElse(-1.0)));
                        }
                        String levels = s.status() + s.checks().stream().map(c -> c.level().name())
                                .collect(java.util.stream.Collectors.joining(","));
                        Instant prev = lastKnownWritten.get(s.serverId());
                        if (prev == null || !levels.equals(lastKnownLevels.get(s.serverId()))
                                || Duration.between(prev, t).compareTo(LAST_KNOWN_EVERY) >= 0) {
                            try (PreparedStatement ps = db.prepareStatement(
                                    "INSERT OR REPLACE INTO last_known(server_id, t, body) VALUES (?,?,?)")) {
                                ps.setString(1, s.serverId());
                                ps.setLong(2, t.toEpochMilli());
                                ps.setString(3, JSON.writeValueAsString(toJson(s)));
                                ps.executeUpdate();
                            }
                            lastKnownWritten.put(s.serverId(), t);
                            lastKnownLevels.put(s.serverId(), levels);
                        }
                    }
                    db.commit();
                } catch (SQLException | IOException | RuntimeException e) {
                    db.rollback();
                    throw e;
                } finally {
                    db.setAutoCommit(true);
                }
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("cannot write samples to " + file + ": " + e.getMessage(), e);
            }
        }
        Instant now = clock.instant();
        if (Duration.between(lastCompact, now).compareTo(COMPACT_EVERY) >= 0) {
            compact(now);
        }
    }

    /** True when {@code s} holds an answer of {@code e} not recorded yet (and notes it as recorded). */
    private boolean fresh(ServerSnapshot s, Endpoint e) {
        var er = s.endpoint(e);
        if (er.isEmpty()) {
            return false;
        }
        Instant at = er.get().fetchedAt();
        Instant before = recordedFetch.put(s.serverId() + "|" + e.name(), at);
        return before == null || at.isAfter(before);
    }

    private void writeLag(String server, Instant t, ConsumersResponse c) {
        try {
            for (String tier : new String[] {"lag_raw", "lag_1m", "lag_10m"}) {
                long bucket = bucket(t, tierResolution(tier));
                PreparedStatement ps = prepared("INSERT INTO " + tier
                        + "(server_id, group_id, topic, t, lag_sum, lag_max, n) VALUES (?,?,?,?,?,?,1)"
                        + " ON CONFLICT(server_id, group_id, topic, t) DO UPDATE SET lag_sum = lag_sum + excluded.lag_sum,"
                        + " lag_max = max(lag_max, excluded.lag_max), n = n + 1");
                {
                    for (ConsumerInfo ci : c.consumers()) {
                        ps.setString(1, server);
                        ps.setString(2, nz(ci.groupId()));
                        ps.setString(3, nz(ci.topic()));
                        ps.setLong(4, bucket);
                        ps.setDouble(5, ci.lag());
                        ps.setLong(6, ci.lag());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void writeOutbox(String server, Instant t, OutboxResponse o, double oldestAge) {
        OutboxStats st = o.stats();
        try {
            for (String tier : new String[] {"outbox_raw", "outbox_1m", "outbox_10m"}) {
                long bucket = bucket(t, tierResolution(tier));
                PreparedStatement ps = prepared("INSERT INTO " + tier
                        + "(server_id, t, pending, publishing, published, failed, oldest_age, oldest_n, n)"
                        + " VALUES (?,?,?,?,?,?,?,?,1) ON CONFLICT(server_id, t) DO UPDATE SET"
                        + " pending = pending + excluded.pending, publishing = publishing + excluded.publishing,"
                        + " published = published + excluded.published, failed = failed + excluded.failed,"
                        + " oldest_age = oldest_age + excluded.oldest_age, oldest_n = oldest_n + excluded.oldest_n,"
                        + " n = n + 1");
                {
                    ps.setString(1, server);
                    ps.setLong(2, bucket);
                    ps.setDouble(3, st.pending());
                    ps.setDouble(4, st.publishing());
                    ps.setDouble(5, st.published());
                    ps.setDouble(6, st.failed());
                    ps.setDouble(7, oldestAge >= 0 ? oldestAge : 0);
                    ps.setInt(8, oldestAge >= 0 ? 1 : 0);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The sample writes' statements, prepared once (SQLite compiles a statement on every prepare). Under the lock. */
    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = db.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private static Resolution tierResolution(String tier) {
        return tier.endsWith("_raw") ? Resolution.RAW : tier.endsWith("_1m") ? Resolution.MINUTE : Resolution.TEN_MINUTES;
    }

    private static String table(String kind, Resolution r) {
        return kind + switch (r) {
            case RAW -> "_raw";
            case MINUTE -> "_1m";
            case TEN_MINUTES -> "_10m";
        };
    }

    private static long bucket(Instant t, Resolution r) {
        long ms = t.toEpochMilli();
        long size = r.bucket().toMillis();
        return size == 0 ? ms : ms - Math.floorMod(ms, size);
    }

    /** Deletes what is older than each tier's retention, measured back from {@code now}. Returns rows deleted. */
    public synchronized int compact(Instant now) {
        int deleted = 0;
        try (Statement st = db.createStatement()) {
            for (Resolution r : Resolution.values()) {
                long horizon = now.minus(r.retention()).toEpochMilli();
                deleted += st.executeUpdate("DELETE FROM " + table("lag", r) + " WHERE t < " + horizon);
                deleted += st.executeUpdate("DELETE FROM " + table("outbox", r) + " WHERE t < " + horizon);
            }
            deleted += st.executeUpdate("DELETE FROM last_known WHERE t < "
                    + now.minus(Resolution.TEN_MINUTES.retention()).toEpochMilli());
        } catch (SQLException e) {
            LOG.warn("compacting {} failed: {}", file, e.getMessage());
        }
        lastCompact = now;
        return deleted;
    }

    /** Forgets everything about a removed server. */
    public synchronized void forget(String serverId) {
        try {
            for (Resolution r : Resolution.values()) {
                for (String kind : new String[] {"lag", "outbox"}) {
                    try (PreparedStatement ps = db.prepareStatement("DELETE FROM " + table(kind, r) + " WHERE server_id = ?")) {
                        ps.setString(1, serverId);
                        ps.executeUpdate();
                    }
                }
            }
            lastKnownWritten.remove(serverId);
            lastKnownLevels.remove(serverId);
            recordedFetch.keySet().removeIf(k -> k.startsWith(serverId + "|"));
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM last_known WHERE server_id = ?")) {
                ps.setString(1, serverId);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete samples of " + serverId + ": " + e.getMessage(), e);
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /** The (group, topic) pairs with lag samples for a server within the longest retention. */
    public synchronized List<ConsumerKey> consumers(String serverId) {
        List<ConsumerKey> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT DISTINCT group_id, topic FROM lag_10m WHERE server_id = ? ORDER BY group_id, topic")) {
            ps.setString(1, serverId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ConsumerKey(rs.getString(1), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Lag of one group over {@code [from, to]}, at the finest resolution that still covers {@code from}. */
    public List<LagSample> lag(String serverId, ConsumerKey key, Instant from, Instant to) {
        return lag(serverId, key, from, to, Resolution.forAge(Duration.between(from, clock.instant())));
    }

    /** Lag of one group over {@code [from, to]} at a given resolution, oldest first. */
    public synchronized List<LagSample> lag(String serverId, ConsumerKey key, Instant from, Instant to, Resolution r) {
        List<LagSample> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT t, lag_sum, lag_max, n FROM " + table("lag", r)
                + " WHERE server_id = ? AND group_id = ? AND topic = ? AND t >= ? AND t <= ? ORDER BY t")) {
            ps.setString(1, serverId);
            ps.setString(2, key.groupId());
            ps.setString(3, key.topic());
            ps.setLong(4, bucket(from, r));
            ps.setLong(5, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(4);
                    out.add(new LagSample(Instant.ofEpochMilli(rs.getLong(1)), rs.getDouble(2) / n, rs.getLong(3), n));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Outbox counts over {@code [from, to]}, at the finest resolution that still covers {@code from}. */
    public List<OutboxSample> outbox(String serverId, Instant from, Instant to) {
        return outbox(serverId, from, to, Resolution.forAge(Duration.between(from, clock.instant())));
    }

    public synchronized List<OutboxSample> outbox(String serverId, Instant from, Instant to, Resolution r) {
        List<OutboxSample> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT t, pending, publishing, published, failed, oldest_age,"
                + " oldest_n, n FROM " + table("outbox", r) + " WHERE server_id = ? AND t >= ? AND t <= ? ORDER BY t")) {
            ps.setString(1, serverId);
            ps.setLong(2, bucket(from, r));
            ps.setLong(3, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(8);
                    int on = rs.getInt(7);
                    out.add(new OutboxSample(Instant.ofEpochMilli(rs.getLong(1)), rs.getDouble(2) / n,
                            rs.getDouble(3) / n, rs.getDouble(4) / n, rs.getDouble(5) / n,
                            on == 0 ? -1 : rs.getDouble(6) / on, n));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Row counts per table, for tests and diagnostics. */
    public synchronized long count(String kind, Resolution r) {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table(kind, r))) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The server's last recorded snapshot, restored as STALE (values and checks as they were then), or empty when
     * none was recorded or it cannot be read.
     */
    public Optional<ServerSnapshot> lastKnown(ServerProfile profile) {
        String body;
        synchronized (this) {
            try (PreparedStatement ps = db.prepareStatement("SELECT body FROM last_known WHERE server_id = ?")) {
                ps.setString(1, profile.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    body = rs.getString(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return Optional.of(fromJson(profile, JSON.readTree(body)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("the stored state of {} cannot be read ({}); ignoring it", profile.displayName(), e.getMessage());
            return Optional.empty();
        }
    }

    // ---- snapshot <-> JSON ---------------------------------------------------------------------------------------

    private static ObjectNode toJson(ServerSnapshot s) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("polled_at", s.polledAt().toString());
        o.put("status", s.status().name());
        o.put("reason", s.statusReason());
        s.lastSuccess().ifPresent(t -> o.put("last_success", t.toString()));
        ObjectNode res = o.putObject("results");
        for (EndpointResult er : s.results().values()) {
            ObjectNode r = res.putObject(er.endpoint().name());
            r.put("path", er.path());
            r.put("fetched_at", er.fetchedAt().toString());
            r.put("latency_ms", er.latency().toMillis());
            if (er.result() instanceof WireResult.Ok<?> ok) {
                r.put("body", Wire.write(ok.value()));
            } else {
                WireResult.Failure<?> f = (WireResult.Failure<?>) er.result();
                r.put("kind", f.kind().name());
                r.put("status", f.status());
                r.put("message", f.message());
            }
        }
        ArrayNode checks = o.putArray("checks");
        for (Check c : s.checks()) {
            ObjectNode cn = checks.addObject();
            cn.put("id", c.id().name());
            cn.put("level", c.level().name());
            cn.put("value", c.value());
            cn.put("source", c.source());
            cn.put("detail", c.detail());
        }
        return o;
    }

    private static ServerSnapshot fromJson(ServerProfile profile, JsonNode o) {
        Instant polled = Instant.parse(o.path("polled_at").asText());
        Map<Endpoint, EndpointResult> results = new EnumMap<>(Endpoint.class);
        o.path("results").fields().forEachRemaining(e -> {
            Endpoint ep;
            try {
                ep = Endpoint.valueOf(e.getKey());
            } catch (IllegalArgumentException unknown) {
                return;
            }
            JsonNode r = e.getValue();
            WireResult<?> w;
            if (r.has("body")) {
                w = Wire.decode(200, r.get("body").asText(), DazzleClient.bodyType(ep));
            } else {
                WireResult.Kind kind;
                try {
                    kind = WireResult.Kind.valueOf(r.path("kind").asText());
                } catch (IllegalArgumentException bad) {
                    kind = WireResult.Kind.MALFORMED;
                }
                w = WireResult.failure(kind, r.path("status").asInt(), r.path("message").asText(""), null);
            }
            results.put(ep, new EndpointResult(ep, r.path("path").asText(ep.path()), w,
                    Instant.parse(r.path("fetched_at").asText(polled.toString())),
                    Duration.ofMillis(r.path("latency_ms").asLong())));
        });
        List<Check> checks = new ArrayList<>();
        for (JsonNode c : o.path("checks")) {
            try {
                checks.add(new Check(CheckId.valueOf(c.path("id").asText()), CheckLevel.valueOf(c.path("level").asText()),
                        c.path("value").asText(), c.path("source").asText(), c.path("detail").asText()));
            } catch (IllegalArgumentException ignored) {
                // a check this console no longer has
            }
        }
        ServerStatus status;
        try {
            status = ServerStatus.valueOf(o.path("status").asText());
        } catch (IllegalArgumentException e) {
            status = ServerStatus.UNKNOWN;
        }
        Optional<Instant> last = o.hasNonNull("last_success") ? Optional.of(Instant.parse(o.get("last_success").asText()))
                : Optional.empty();
        String reason = "last known state from " + polled + (o.path("reason").asText("").isBlank() ? ""
                : " (" + o.path("reason").asText() + ")");
        return new ServerSnapshot(profile, status, reason, polled, last, true, 0, Duration.ZERO,
                Capabilities.unknown(polled), results, Map.of(), checks);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public synchronized void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing the connection below closes it anyway
            }
        }
        statements.clear();
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed: {}", file, e.getMessage());
        }
    }

}
