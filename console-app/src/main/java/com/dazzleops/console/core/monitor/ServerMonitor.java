package com.dazzleops.console.core.monitor;

import com.dazzleops.console.core.checks.HealthChecks;
import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.client.Capabilities;
import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.client.Feature;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.events.ConsumerInfo;
import com.dazzleops.model.events.ConsumersResponse;
import com.dazzleops.model.events.EventSystemStatus;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.ops.debug.Ready;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Polls one server on a {@link ScheduledExecutorService} it is given (so tests can drive time) and publishes an
 * immutable {@link ServerSnapshot} after every poll, to listeners on the background thread that finished the poll.
 *
 * <p>A poll asks {@code /_dazzle/ready} first; no answer means DOWN: the previous values are kept and marked stale,
 * and the next poll waits longer each time ({@link MonitorOptions#backoff}). Otherwise the fast endpoints follow one
 * after another (one keep-alive connection per server), plus the slow ones every few polls; each endpoint's result
 * is kept on its own, so one misbehaving endpoint becomes one panel's error. Capabilities are discovered on the
 * first answer and again whenever the server comes back after being down.
 *
 * <p>{@link #stop()} cancels the next poll; a poll in flight finishes but publishes nothing. {@link #start()} may be
 * called again after stop. The monitor owns no threads.
 */
public final class ServerMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerMonitor.class);

    private final ScheduledExecutorService scheduler;
    private final MonitorOptions options;
    private final List<SnapshotListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private volatile DazzleClient client;
    private volatile ServerSnapshot latest;
    private ScheduledFuture<?> next;
    private long generation;
    private boolean running;
    private boolean inFlight;
    private boolean needDiscovery = true;
    private Capabilities capabilities;
    private long pollCount;
    private int slowPhase;
    private int failures;
    private Instant lastSuccess;
    private final Map<Endpoint, EndpointResult> results = new EnumMap<>(Endpoint.class);
    /** The last value each endpoint gave (failures excluded): what a down server shows, marked stale. */
    private final Map<Endpoint, EndpointResult> lastGood = new EnumMap<>(Endpoint.class);
    private final Map<ConsumerKey, Deque<LagTrend.Point>> lagHistory = new HashMap<>();
    /** {@link #trends()} as last computed; null when the lag history changed since. */
    private Map<ConsumerKey, LagTrend> trends;
    /** The shortest span of readings a trend is judged on: half the trend window. */
    private final Duration trendMinSpan;
    /** Whether a view shows this server's whole dashboard: then the dashboard-only endpoints are polled too. */
    private boolean focused = true;
    /** The next poll asks the slow endpoints whatever the cycle says (the server just got the focus). */
    private boolean slowNext;
    private final String dlqPath;
    private final String jobRunsPath;

    public ServerMonitor(DazzleClient client, ScheduledExecutorService scheduler, MonitorOptions options) {
        this.client = client;
        this.scheduler = scheduler;
        this.options = options;
        this.trendMinSpan = options.trendWindow().dividedBy(2);
        this.capabilities = Capabilities.unknown(options.clock().instant());
        this.dlqPath = Endpoint.DLQ.path() + "?limit=" + options.dlqLimit();
        this.jobRunsPath = Endpoint.JOB_RUNS.path() + "?limit=" + options.jobRunsLimit();
        this.latest = new ServerSnapshot(client.server(), ServerStatus.UNKNOWN, "not polled yet",
                options.clock().instant(), Optional.empty(), false, 0, Duration.ZERO, capabilities, Map.of(),
                Map.of(), List.of());
        this.latest = latest.withChecks(HealthChecks.evaluate(latest, options.thresholds()));
    }

    public ServerProfile server() {
        return client.server();
    }

    public MonitorOptions options() {
        return options;
    }

    /** The last published snapshot (an UNKNOWN one before the first poll). */
    public ServerSnapshot latest() {
        return latest;
    }

    public void addListener(SnapshotListener l) {
        listeners.add(l);
    }

    public void removeListener(SnapshotListener l) {
        listeners.remove(l);
    }

    /**
     * Seeds the monitor with a snapshot restored from the sample store, published (stale) at once so a UI shows
     * the last known state before the first poll answers.
     */
    public void restore(ServerSnapshot lastKnown) {
        synchronized (lock) {
            if (pollCount > 0) {
                return;
            }
            latest = lastKnown;
        }
        publish(lastKnown);
    }

    /** Uses another profile from the next poll on (URL or credentials edited); rediscovers capabilities. */
    public void updateProfile(ServerProfile profile) {
        synchronized (lock) {
            client = client.withServer(profile);
            needDiscovery = true;
        }
    }

    /** Starts polling now. Idempotent. */
    public void start() {
        start(Duration.ZERO, 0);
    }

    /**
     * Starts polling after {@code firstPollIn}, with the slow endpoints asked on polls {@code slowPhase},
     * {@code slowPhase + slowEvery}, ... after the first (which always asks them). A fleet started at once spreads its
     * monitors this way over one interval and over the slow cycle, so fifty servers do not all poll (and all ask
     * their slow endpoints) in the same instant. Idempotent.
     */
    public void start(Duration firstPollIn, int slowPhase) {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            generation++;
            this.slowPhase = Math.floorMod(slowPhase, options.slowEvery());
            scheduleLocked(firstPollIn);
        }
    }

    /** Stops polling; a poll in flight publishes nothing. Idempotent. */
    public void stop() {
        synchronized (lock) {
            running = false;
            generation++;
            if (next != null) {
                next.cancel(false);
                next = null;
            }
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /**
     * Whether a view shows this server's whole dashboard (a new monitor is focused). A focused server's slow polls
     * also ask what only the dashboard shows ({@code /health} for its header, {@code /_dazzle/stats} for entity
     * counts); an unfocused one asks only what decides its six checks and its status, and drops the dashboard-only
     * results it had (they would go stale, and an old failure among them would keep it DEGRADED). Gaining the focus
     * polls at once, with the slow endpoints, so the dashboard fills without waiting for the slow cycle.
     */
    public void setFocused(boolean focus) {
        synchronized (lock) {
            if (focused == focus) {
                return;
            }
            focused = focus;
            if (!focus) {
                DASHBOARD_ONLY.forEach(results::remove);
                return;
            }
            slowNext = true;
        }
        pollNow();
    }

    public boolean isFocused() {
        synchronized (lock) {
            return focused;
        }
    }

    /** Polls as soon as possible (e.g. a "refresh" button), unless a poll is in flight. */
    public void pollNow() {
        synchronized (lock) {
            if (!running || inFlight) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            scheduleLocked(Duration.ZERO);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void scheduleLocked(Duration delay) {
        long gen = generation;
        try {
            next = scheduler.schedule(() -> poll(gen), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            running = false;
            LOG.debug("scheduler rejected the next poll of {}: stopping", server().baseUrl());
        }
    }

    // ---- one poll ------------------------------------------------------------------------------------------------

    private void poll(long gen) {
        DazzleClient c;
        boolean discover;
        boolean slow;
        boolean full;
        boolean detail;
        boolean withStatus;
        synchronized (lock) {
            if (!running || gen != generation || inFlight) {
                return;
            }
            inFlight = true;
            c = client;
            discover = needDiscovery;
            slow = (pollCount + slowPhase) % options.slowEvery() == 0 || discover || slowNext;
            slowNext = false;
            full = focused;
            detail = full || slow || (pollCount + slowPhase) % options.detailEvery() == 0;
            // an unfocused server's detail poll leaves the events status to the lean polls between (when there are any)
            withStatus = full || slow || options.detailEvery() == 1;
            pollCount++;
        }
        Map<Endpoint, EndpointResult> got = new EnumMap<>(Endpoint.class);
        if (!detail) {
            // a lean poll of an unfocused server: the events status alone (bus running, DLQ count), which also
            // says whether the server answers; ready, consumers and outbox come with the next poll
            step(c, Endpoint.EVENTS_STATUS, Endpoint.EVENTS_STATUS.path(), got).whenComplete((v, ex) -> {
                if (ex != null) {
                    LOG.warn("poll of {} failed unexpectedly", c.server().baseUrl(), ex);
                }
                finish(gen, got);
            });
            return;
        }
        CompletableFuture<Void> chain = step(c, Endpoint.READY, Endpoint.READY.path(), got)
                .thenCompose(reached -> {
                    if (!reached) {
                        return CompletableFuture.completedFuture(null);
                    }
                    CompletableFuture<Capabilities> caps = discover ? c.discoverAsync()
                            : CompletableFuture.completedFuture(currentCapabilities());
                    return caps.thenCompose(cap -> {
                        synchronized (lock) {
                            capabilities = cap;
                            needDiscovery = false;
                        }
                        return pollRest(c, cap, slow, withStatus, full, got);
                    });
                });
        chain.whenComplete((v, ex) -> {
            if (ex != null) {
                LOG.warn("poll of {} failed unexpectedly", c.server().baseUrl(), ex);
            }
            finish(gen, got);
        });
    }

    private Capabilities currentCapabilities() {
        synchronized (lock) {
            return capabilities;
        }
    }

    /** What only the dashboard of the selected server shows: asked on slow polls of a focused server only. */
    private static final java.util.Set<Endpoint> DASHBOARD_ONLY = java.util.EnumSet.of(Endpoint.APP_HEALTH,
            Endpoint.STATS);

    /**
     * The endpoints asked after {@code /_dazzle/ready}, which with it decide five of the six checks: on every poll of
     * a focused server. An unfocused one takes turns: ready with the consumers and the outbox every
     * {@link MonitorOptions#detailEvery()} polls, the events status alone on the polls in between (by default each
     * fast endpoint every other poll), so every poll still says whether the server answers; its slow polls ask
     * everything.
     */
    private static final List<Endpoint> FAST = List.of(Endpoint.EVENTS_STATUS, Endpoint.CONSUMERS, Endpoint.OUTBOX);

    /**
     * The rest of a poll: the fast endpoints (without the events status on an unfocused server's detail poll),
     * then on a slow poll the slow ones, chosen from what the fast ones answered. Nothing is asked whose answer no
     * check, status line or visible panel uses:
     * <ul>
     *   <li>the DLQ list only when {@code /_dazzle/events/status} gave no {@code dlq_count} (the count is all the
     *   DLQ check needs; the DLQ page fetches the entries itself);</li>
     *   <li>{@code /_dazzle/health} only when {@code /_dazzle/ready} gave no answer body (it is the DB check's
     *   fallback);</li>
     *   <li>the job runs (settlement check) always; the jobs overview and pending approvals never (no check or
     *   panel reads them from a snapshot: the Jobs page fetches its own);</li>
     *   <li>{@code /health} and {@code /_dazzle/stats} only while the server is focused (its dashboard shows them).</li>
     * </ul>
     */
    private CompletableFuture<Void> pollRest(DazzleClient c, Capabilities cap, boolean slow, boolean withStatus,
                                             boolean full, Map<Endpoint, EndpointResult> got) {
        CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
        for (Endpoint e : FAST) {
            if (e == Endpoint.EVENTS_STATUS && !withStatus) {
                continue; // the lean poll before this one asked it (an unfocused server's turns)
            }
            f = f.thenCompose(v -> step(c, e, e.path(), got).thenApply(x -> null));
        }
        if (!slow) {
            return f;
        }
        return f.thenCompose(v -> {
            List<Map.Entry<Endpoint, String>> plan = new ArrayList<>();
            if (full) {
                plan.add(Map.entry(Endpoint.APP_HEALTH, Endpoint.APP_HEALTH.path()));
                plan.add(Map.entry(Endpoint.STATS, Endpoint.STATS.path()));
            }
            if (!givesDlqCount(got)) {
                plan.add(Map.entry(Endpoint.DLQ, dlqPath));
            }
            if (!givesReady(got)) {
                plan.add(Map.entry(Endpoint.DAZZLE_HEALTH, Endpoint.DAZZLE_HEALTH.path()));
            }
            if (cap.jobsExplorer() != Feature.ABSENT) {
                plan.add(Map.entry(Endpoint.JOB_RUNS, jobRunsPath));
            }
            if (cap.jobsExplorer() != Feature.PRESENT && cap.jobRunsPath().isPresent()
                    && (!cap.jobRunsNeedAuth() || c.server().auth().isPresent())) {
                plan.add(Map.entry(Endpoint.JOBRUNS_CRUD, cap.jobRunsPath().get() + "?page=1&page_size="
                        + options.jobRunsLimit() + "&sort=created_at&dir=desc"));
            }
            CompletableFuture<Void> g = CompletableFuture.completedFuture(null);
            for (Map.Entry<Endpoint, String> e : plan) {
                g = g.thenCompose(x -> step(c, e.getKey(), e.getValue(), got).thenApply(y -> null));
            }
            return g;
        });
    }

    /** True when the events status carries the DLQ total the DLQ check reads (a running event system). */
    private static boolean givesDlqCount(Map<Endpoint, EndpointResult> got) {
        EndpointResult r;
        synchronized (got) {
            r = got.get(Endpoint.EVENTS_STATUS);
        }
        return r != null && r.result().valueIfOk().orElse(null) instanceof EventSystemStatus s && s.running();
    }

    /** True when {@code /_dazzle/ready} answered a body the DB check reads (ready or not). */
    private static boolean givesReady(Map<Endpoint, EndpointResult> got) {
        EndpointResult r;
        synchronized (got) {
            r = got.get(Endpoint.READY);
        }
        return r != null && r.result().valueIfOk().orElse(null) instanceof Ready;
    }

    /** Fetches one endpoint into {@code got}; completes with false when the server gave no HTTP answer. */
    private CompletableFuture<Boolean> step(DazzleClient c, Endpoint e, String path, Map<Endpoint, EndpointResult> got) {
        long n0 = System.nanoTime();
        return c.poll(e, path).thenApply(r -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - n0);
            synchronized (got) {
                got.put(e, new EndpointResult(e, path, r, options.clock().instant(), latency));
            }
            return r.failure().map(f -> f.kind() != WireResult.Kind.UNREACHABLE).orElse(true);
        });
    }

    private void finish(long gen, Map<Endpoint, EndpointResult> got) {
        ServerSnapshot snap;
        synchronized (lock) {
            inFlight = false;
            if (!running || gen != generation) {
                return;
            }
            Instant now = options.clock().instant();
            // the first endpoint asked says whether the server answers: ready, or the events status on a lean poll
            EndpointResult ready = got.containsKey(Endpoint.READY) ? got.get(Endpoint.READY)
                    : got.get(Endpoint.EVENTS_STATUS);
            boolean reached = ready != null && ready.result().failure()
                    .map(f -> f.kind() != WireResult.Kind.UNREACHABLE).orElse(true);
            ServerStatus status;
            String reason;
            if (!reached) {
                failures++;
                if (failures == 1) {
                    LOG.info("{} is down: {}", server().displayName(), ready == null ? "no answer"
                            : ready.result().failure().map(WireResult.Failure::message).orElse(""));
                }
                needDiscovery = true; // it may come back as another version
                status = ServerStatus.DOWN;
                reason = ready == null ? "no answer" : ready.result().failure().map(WireResult.Failure::message)
                        .orElse("no answer");
            } else {
                if (failures > 0) {
                    LOG.info("{} is back after {} failed polls", server().displayName(), failures);
                }
                failures = 0;
                lastSuccess = now;
                results.putAll(got);
                // a fallback's old answer must not decide a check once the primary source answers again
                if (givesDlqCount(got)) {
                    results.remove(Endpoint.DLQ);
                }
                if (givesReady(got)) {
                    results.remove(Endpoint.DAZZLE_HEALTH);
                }
                if (!focused) {
                    DASHBOARD_ONLY.forEach(results::remove);
                }
                got.forEach((e, r) -> {
                    if (r.result().isOk()) {
                        lastGood.put(e, r);
                    }
                });
                recordLag(now, got.containsKey(Endpoint.CONSUMERS));
                reason = degradedReason();
                status = reason.isEmpty() ? ServerStatus.UP : ServerStatus.DEGRADED;
            }
            // the focus came while this poll was in flight: the full poll it asked for follows at once
            Duration delay = reached ? options.interval() : options.backoff(failures);
            Duration wait = reached && slowNext ? Duration.ZERO : delay;
            Map<Endpoint, EndpointResult> shown = results;
            if (!reached) { // last known state: each panel's last value, its error only if it never had one
                shown = new EnumMap<>(Endpoint.class);
                shown.putAll(results);
                shown.putAll(lastGood);
            }
            snap = new ServerSnapshot(client.server(), status, reason, now, Optional.ofNullable(lastSuccess),
                    !reached && !results.isEmpty(), failures, delay, capabilities, shown, trends(), List.of());
            snap = snap.withChecks(HealthChecks.evaluate(snap, options.thresholds()));
            latest = snap;
            scheduleLocked(wait);
        }
        publish(snap);
    }

    private String degradedReason() {
        EndpointResult ready = results.get(Endpoint.READY);
        if (ready != null && ready.result().valueIfOk().orElse(null) instanceof Ready r && !r.ready()) {
            return "database unreachable" + (r.reason() == null ? "" : " (" + r.reason() + ")");
        }
        List<String> failing = new ArrayList<>();
        for (EndpointResult er : results.values()) {
            er.result().failure().ifPresent(f -> {
                switch (f.kind()) {
                    case NOT_DECLARED, UNAUTHORIZED -> { }
                    default -> failing.add(er.endpoint().path() + " (" + f.message() + ")");
                }
            });
        }
        if (failing.isEmpty()) {
            return "";
        }
        return failing.size() + (failing.size() == 1 ? " endpoint failing: " : " endpoints failing: ")
                + String.join("; ", failing);
    }

    /** Adds this poll's lag readings (when the consumers were asked this time) and forgets the ones too old. */
    private void recordLag(Instant now, boolean fresh) {
        EndpointResult er = results.get(Endpoint.CONSUMERS);
        Instant horizon = now.minus(options.trendWindow());
        if (fresh && er != null && er.result().valueIfOk().orElse(null) instanceof ConsumersResponse c) {
            for (ConsumerInfo ci : c.consumers()) {
                lagHistory.computeIfAbsent(new ConsumerKey(ci.groupId(), ci.topic()), k -> new ArrayDeque<>())
                        .addLast(new LagTrend.Point(now, ci.lag()));
                trends = null;
            }
        }
        lagHistory.values().forEach(d -> {
            while (!d.isEmpty() && d.peekFirst().time().isBefore(horizon)) {
                d.removeFirst();
                trends = null;
            }
        });
        lagHistory.values().removeIf(Deque::isEmpty);
    }

    /** The lag trends of {@link #lagHistory}, computed again only when a reading came or went. */
    private Map<ConsumerKey, LagTrend> trends() {
        if (trends == null) {
            Map<ConsumerKey, LagTrend> out = new LinkedHashMap<>();
            lagHistory.forEach((k, d) -> out.put(k, LagTrend.of(new ArrayList<>(d), 3, trendMinSpan)));
            trends = java.util.Collections.unmodifiableMap(out);
        }
        return trends;
    }

    private void publish(ServerSnapshot snap) {
        for (SnapshotListener l : listeners) {
            try {
                l.onSnapshot(snap);
            } catch (RuntimeException e) {
                LOG.warn("snapshot listener failed for {}", snap.server().displayName(), e);
            }
        }
    }
}
