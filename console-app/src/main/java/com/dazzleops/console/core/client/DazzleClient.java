package com.dazzleops.console.core.client;

import com.dazzleops.console.core.servers.Auth;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.events.ConsumersResponse;
import com.dazzleops.model.events.DLQResponse;
import com.dazzleops.model.events.EventDetail;
import com.dazzleops.model.events.EventSystemStatus;
import com.dazzleops.model.events.OutboxResponse;
import com.dazzleops.model.events.ReplayResult;
import com.dazzleops.model.events.TopicsResponse;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.ops.approvals.PendingApprovals;
import com.dazzleops.model.ops.audit.AuditStats;
import com.dazzleops.model.ops.debug.DazzleHealth;
import com.dazzleops.model.ops.debug.DazzleStats;
import com.dazzleops.model.ops.debug.Ready;
import com.dazzleops.model.ops.jobs.CrudPage;
import com.dazzleops.model.ops.jobs.JobRun;
import com.dazzleops.model.ops.jobs.JobRunsPage;
import com.dazzleops.model.ops.jobs.JobsStatus;
import com.dazzleops.model.ops.system.AppHealth;
import com.dazzleops.model.ops.system.AppSpecDocument;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Talks to one Dazzle server. Every method answers a {@link WireResult}: a value, or a failure saying why
 * (404 → {@code NOT_DECLARED}, 200 + {@code error} → {@code APP_ERROR}, no answer → {@code UNREACHABLE}, ...).
 * Nothing throws out of this class for anything a server sends or fails to send.
 *
 * <p>The plain methods block (call them off the FX thread); {@link #fetch} is the asynchronous form the monitor
 * uses. Requests go through an {@link HttpTransport} shared by every client (one connection pool).
 * Credentials are sent only to {@link Endpoint#admin() admin} endpoints.
 */
public final class DazzleClient {

    /** Default per-request time limit. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Map<Endpoint, JavaType> TYPES = new EnumMap<>(Endpoint.class);

    static {
        put(Endpoint.DAZZLE_HEALTH, DazzleHealth.class);
        put(Endpoint.READY, Ready.class);
        put(Endpoint.STATS, DazzleStats.class);
        put(Endpoint.APP_HEALTH, AppHealth.class);
        put(Endpoint.EVENTS_STATUS, EventSystemStatus.class);
        put(Endpoint.TOPICS, TopicsResponse.class);
        put(Endpoint.CONSUMERS, ConsumersResponse.class);
        put(Endpoint.OUTBOX, OutboxResponse.class);
        put(Endpoint.DLQ, DLQResponse.class);
        put(Endpoint.JOBS, JobsStatus.class);
        put(Endpoint.JOB_RUNS, JobRunsPage.class);
        TYPES.put(Endpoint.JOBRUNS_CRUD, CrudPage.typeOf(JobRun.class));
        put(Endpoint.APPROVALS, PendingApprovals.class);
        put(Endpoint.SPEC, AppSpecDocument.class);
        put(Endpoint.AUDIT_STATS, AuditStats.class);
        for (Endpoint e : Endpoint.values()) {
            if (!TYPES.containsKey(e)) {
                throw new ExceptionInInitializerError("no body type for " + e);
            }
        }
    }

    private static void put(Endpoint e, Class<?> type) {
        TYPES.put(e, Wire.mapper().constructType(type));
    }

    private final ServerProfile server;
    private final HttpTransport transport;
    private final Duration timeout;
    private final Clock clock;

    public DazzleClient(ServerProfile server, HttpTransport transport) {
        this(server, transport, DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    public DazzleClient(ServerProfile server, HttpTransport transport, Duration timeout, Clock clock) {
        this.server = Objects.requireNonNull(server, "server");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ServerProfile server() {
        return server;
    }

    /** A client for the same transport with another profile (e.g. after the operator edited it). */
    public DazzleClient withServer(ServerProfile profile) {
        return new DazzleClient(profile, transport, timeout, clock);
    }

    /** The Jackson type a 2xx body of {@code e} reads as. */
    public static JavaType bodyType(Endpoint e) {
        return TYPES.get(e);
    }

    /**
     * Asynchronous GET of {@code e}; the future never completes exceptionally.
     *
     * @param pathAndQuery the path to ask (normally {@code e.path()} plus a query); must start with {@code /}
     */
    public CompletableFuture<WireResult<?>> fetch(Endpoint e, String pathAndQuery) {
        return fetch(pathAndQuery, TYPES.get(e), e.admin()).thenApply(r -> (WireResult<?>) r);
    }

    /**
     * {@link #fetch(Endpoint, String)} for the monitor's polls: the same answer, read without the parts no check,
     * fleet row or dashboard panel uses: the outbox's {@code recent_entries} (ten rows with timestamps, 90 % of a
     * fast poll's bytes) are skipped, so {@code OutboxResponse.recentEntries()} is empty. Pages that show the rows
     * fetch them with {@link #outbox()}.
     */
    public CompletableFuture<WireResult<?>> poll(Endpoint e, String pathAndQuery) {
        ObjectReader lean = e == Endpoint.OUTBOX ? OUTBOX_STATS_ONLY : null;
        return fetch(pathAndQuery, TYPES.get(e), e.admin(), lean).thenApply(r -> (WireResult<?>) r);
    }

    /** Asynchronous GET of any path decoded as {@code type}; the future never completes exceptionally. */
    public <T> CompletableFuture<WireResult<T>> fetch(String pathAndQuery, JavaType type, boolean sendAuth) {
        return fetch(pathAndQuery, type, sendAuth, null);
    }

    private <T> CompletableFuture<WireResult<T>> fetch(String pathAndQuery, JavaType type, boolean sendAuth,
                                                       ObjectReader lean) {
        CompletableFuture<HttpAnswer> answer;
        try {
            answer = transport.get(server.baseUrl(), pathAndQuery, sendAuth ? server.auth() : Auth.NONE, timeout);
        } catch (RuntimeException ex) {
            answer = CompletableFuture.completedFuture(HttpAnswer.unreachable(ex.toString()));
        }
        return answer.handle((a, ex) -> {
            if (ex != null || a == null) {
                return WireResult.<T>failure(WireResult.Kind.UNREACHABLE, 0,
                        "no answer: " + (ex == null ? "no response" : ex.getMessage()), null);
            }
            return decode(a, type, lean);
        });
    }

    static <T> WireResult<T> decode(HttpAnswer a, JavaType type) {
        return decode(a, type, null);
    }

    private static <T> WireResult<T> decode(HttpAnswer a, JavaType type, ObjectReader lean) {
        if (!a.reached()) {
            return WireResult.failure(WireResult.Kind.UNREACHABLE, 0, a.error(), null);
        }
        if (a.error() != null) {
            return WireResult.failure(WireResult.Kind.MALFORMED, a.status(), a.error(), null);
        }
        if (a.status() >= 300 && a.status() < 400) {
            return WireResult.failure(WireResult.Kind.HTTP_ERROR, a.status(),
                    "HTTP " + a.status() + ": redirected (is this a Dazzle server, and is the path right?)", a.body());
        }
        WireResult<T> direct = decodeDirect(a.status(), a.body(), type, lean);
        if (direct != null) {
            return direct;
        }
        try {
            return Wire.decode(a.status(), a.body(), type);
        } catch (RuntimeException ex) { // Wire.decode promises not to throw; belt and braces for a panel
            return WireResult.failure(WireResult.Kind.MALFORMED, a.status(), "cannot read body: " + ex, a.body());
        }
    }

    /**
     * The common case without the intermediate tree {@link Wire#decode} builds: a 2xx JSON object that cannot carry
     * Dazzle's in-band failure markers (no {@code "error"} or {@code "success"} key anywhere in the text) binds
     * straight to its record. Anything else, or anything that does not bind, answers null and goes the full way, so
     * the results (values and failure messages) are the same as {@link Wire#decode}'s.
     */
    static <T> WireResult<T> decodeDirect(int status, String body, JavaType type, ObjectReader lean) {
        if (status < 200 || status >= 300 || body == null || body.isEmpty() || body.charAt(0) != '{'
                || body.contains("\"error\"") || body.contains("\"success\"")) {
            return null;
        }
        try {
            ObjectReader reader = lean != null ? lean : READERS.computeIfAbsent(type, t -> Wire.mapper().readerFor(t));
            T value = reader.readValue(body);
            return value == null ? null : WireResult.ok(value);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static final Map<JavaType, ObjectReader> READERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Skips {@code recent_entries} of {@code /_dazzle/events/outbox} (see {@link #poll}). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"recent_entries"})
    private abstract static class OutboxStatsOnly {
    }

    private static final ObjectReader OUTBOX_STATS_ONLY = Wire.newMapper()
            .addMixIn(OutboxResponse.class, OutboxStatsOnly.class).readerFor(OutboxResponse.class);

    @SuppressWarnings("unchecked")
    private <T> WireResult<T> get(Endpoint e, String pathAndQuery) {
        return (WireResult<T>) fetch(e, pathAndQuery).join();
    }

    // ---- one method per endpoint (blocking) ----------------------------------------------------------------------

    public WireResult<DazzleHealth> health() {
        return get(Endpoint.DAZZLE_HEALTH, Endpoint.DAZZLE_HEALTH.path());
    }

    public WireResult<Ready> ready() {
        return get(Endpoint.READY, Endpoint.READY.path());
    }

    public WireResult<DazzleStats> stats() {
        return get(Endpoint.STATS, Endpoint.STATS.path());
    }

    public WireResult<AppHealth> appHealth() {
        return get(Endpoint.APP_HEALTH, Endpoint.APP_HEALTH.path());
    }

    public WireResult<EventSystemStatus> eventsStatus() {
        return get(Endpoint.EVENTS_STATUS, Endpoint.EVENTS_STATUS.path());
    }

    public WireResult<TopicsResponse> topics() {
        return get(Endpoint.TOPICS, Endpoint.TOPICS.path());
    }

    public WireResult<ConsumersResponse> consumers() {
        return get(Endpoint.CONSUMERS, Endpoint.CONSUMERS.path());
    }

    public WireResult<OutboxResponse> outbox() {
        return get(Endpoint.OUTBOX, Endpoint.OUTBOX.path());
    }

    /** @param limit 1..100 */
    public WireResult<DLQResponse> dlq(int limit) {
        return get(Endpoint.DLQ, dlqPath(limit));
    }

    public WireResult<JobsStatus> jobs() {
        return get(Endpoint.JOBS, Endpoint.JOBS.path());
    }

    /** @param limit 1..100 */
    public WireResult<JobRunsPage> jobRuns(int limit) {
        return get(Endpoint.JOB_RUNS, jobRunsPath(limit));
    }

    /**
     * Failed and dead-lettered runs, newest first ({@code /_dazzle/jobs/dead-letter}; same body as the runs list,
     * {@code total} = matching runs).
     *
     * @param limit 1..100
     */
    public WireResult<JobRunsPage> jobDeadLetters(int limit) {
        return get(Endpoint.JOB_RUNS, Endpoint.JOBS.path() + "/dead-letter?limit=" + limit);
    }

    /**
     * The JobRun CRUD list, newest first.
     *
     * @param path {@code /jobruns} or {@code /api/jobruns} (see {@link Capabilities#jobRunsPath()})
     * @param status a status filter, or null for all
     */
    public WireResult<CrudPage<JobRun>> jobRunsCrud(String path, int pageSize, String status) {
        return get(Endpoint.JOBRUNS_CRUD, jobRunsCrudPath(path, pageSize, status));
    }

    /** @param limit 1..100 */
    public WireResult<PendingApprovals> approvals(int limit) {
        return get(Endpoint.APPROVALS, Endpoint.APPROVALS.path() + "?limit=" + limit);
    }

    public WireResult<AppSpecDocument> spec() {
        return get(Endpoint.SPEC, Endpoint.SPEC.path());
    }

    /** @param windowHours 1..720 */
    public WireResult<AuditStats> auditStats(int windowHours) {
        return get(Endpoint.AUDIT_STATS, Endpoint.AUDIT_STATS.path() + "?window=" + windowHours);
    }

    /**
     * The dead-letter queue, newest first (wire-events section 4.7). Dazzle has no group filter and no paging:
     * {@code total} counts every entry of the topic filter, {@code limit} (1..100) caps what is listed.
     *
     * @param topic only this topic's entries, or null / blank for all
     */
    public WireResult<DLQResponse> dlq(String topic, int limit) {
        return get(Endpoint.DLQ, dlqPath(topic, limit));
    }

    /** One event by id ({@code GET /_dazzle/events/event/{id}}); a body of {@code null} means no such event. */
    public WireResult<EventDetail> event(String eventId) {
        return this.<EventDetail>fetch("/_dazzle/events/event/" + segment(eventId),
                Wire.mapper().constructType(EventDetail.class), false).join();
    }

    /**
     * Replays one DLQ entry to its consumer group ({@code POST /_dazzle/events/dlq/{event_id}/replay?group_id=}).
     * Read {@link ReplayResult#success()} for the outcome: every handled case is an HTTP 200. A CSRF rejection
     * (403) or a missing group (422) comes back as a failure. The profile's credentials go with it (a write; a
     * bearer token also satisfies Dazzle's CSRF layer), besides the same-origin {@code Origin} header.
     */
    public WireResult<ReplayResult> replay(String eventId, String groupId) {
        String path = replayPath(eventId, groupId);
        CompletableFuture<HttpAnswer> answer;
        try {
            answer = transport.post(server.baseUrl(), path, server.auth(), timeout);
        } catch (RuntimeException ex) {
            answer = CompletableFuture.completedFuture(HttpAnswer.unreachable(ex.toString()));
        }
        return answer.handle((a, ex) -> ex != null || a == null
                ? WireResult.<ReplayResult>failure(WireResult.Kind.UNREACHABLE, 0, "no answer", null)
                : DazzleClient.<ReplayResult>decode(a, Wire.mapper().constructType(ReplayResult.class))).join();
    }

    static String dlqPath(String topic, int limit) {
        String p = dlqPath(limit);
        return topic == null || topic.isBlank() ? p : p + "&topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }

    static String replayPath(String eventId, String groupId) {
        return Endpoint.DLQ.path() + "/" + segment(eventId) + "/replay?group_id="
                + URLEncoder.encode(Objects.requireNonNull(groupId, "groupId"), StandardCharsets.UTF_8);
    }

    /** A path segment: percent-encoded, with spaces as %20 (URLEncoder writes form encoding). */
    static String segment(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "value"), StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String dlqPath(int limit) {
        return Endpoint.DLQ.path() + "?limit=" + limit;
    }

    static String jobRunsPath(int limit) {
        return Endpoint.JOB_RUNS.path() + "?limit=" + limit;
    }

    static String jobRunsCrudPath(String path, int pageSize, String status) {
        StringBuilder q = new StringBuilder(path).append("?page=1&page_size=").append(pageSize)
                .append("&sort=created_at&dir=desc");
        if (status != null && !status.isBlank()) {
            q.append("&").append(URLEncoder.encode("filter[status]", StandardCharsets.UTF_8)).append("=")
                    .append(URLEncoder.encode(status, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    // ---- capability discovery ------------------------------------------------------------------------------------

    /** Blocking {@link #discoverAsync()}. */
    public Capabilities discover() {
        return discoverAsync().join();
    }

    /**
     * Probes what the server offers: the jobs explorer, the JobRun CRUD path ({@code /jobruns}, else
     * {@code /api/jobruns}), approvals, integrations (names from {@code /spec}), the event system's state and the
     * audit routes. The probes run concurrently; the future never completes exceptionally.
     */
    public CompletableFuture<Capabilities> discoverAsync() {
        return transport.concurrently(this::probe);
    }

    private CompletableFuture<Capabilities> probe() {
        CompletableFuture<WireResult<?>> jobs = fetch(Endpoint.JOBS, Endpoint.JOBS.path());
        CompletableFuture<WireResult<?>> crud = fetch(Endpoint.JOBRUNS_CRUD, jobRunsCrudPath("/jobruns", 1, null));
        CompletableFuture<WireResult<?>> approvals = fetch(Endpoint.APPROVALS, Endpoint.APPROVALS.path() + "?limit=1");
        CompletableFuture<WireResult<?>> events = fetch(Endpoint.EVENTS_STATUS, Endpoint.EVENTS_STATUS.path());
        CompletableFuture<WireResult<?>> audit = fetch(Endpoint.AUDIT_STATS, Endpoint.AUDIT_STATS.path() + "?window=1");
        CompletableFuture<WireResult<?>> health = fetch(Endpoint.APP_HEALTH, Endpoint.APP_HEALTH.path());
        CompletableFuture<WireResult<JsonNode>> spec = fetch(Endpoint.SPEC.path(),
                Wire.mapper().constructType(JsonNode.class), false);
        // JobRun CRUD moved from /api/jobruns (0.71) to /jobruns: ask the old path only when the new one is missing
        CompletableFuture<Optional<CrudProbe>> crudPath = crud.thenCompose(r -> {
            CrudProbe p = CrudProbe.of(r, "/jobruns");
            if (p != null) {
                return CompletableFuture.completedFuture(Optional.of(p));
            }
            return fetch(Endpoint.JOBRUNS_CRUD, jobRunsCrudPath("/api/jobruns", 1, null))
                    .thenApply(r2 -> Optional.ofNullable(CrudProbe.of(r2, "/api/jobruns")));
        });
        return CompletableFuture.allOf(jobs, crudPath, approvals, events, audit, health, spec).handle((v, ex) -> {
            Optional<CrudProbe> cp = crudPath.getNow(Optional.empty());
            WireResult<?> au = audit.getNow(null);
            boolean auditAuth = au != null && au.failure().map(f -> f.kind() == WireResult.Kind.UNAUTHORIZED)
                    .orElse(false);
            return new Capabilities(clock.instant(), feature(jobs.getNow(null)), cp.map(CrudProbe::path),
                    cp.map(CrudProbe::needsAuth).orElse(false), feature(approvals.getNow(null)),
                    integrations(spec.getNow(null)), eventsState(events.getNow(null)), feature(au), auditAuth,
                    health.getNow(null) == null ? Optional.empty()
                            : health.getNow(null).valueIfOk().map(h -> ((AppHealth) h).version()));
        });
    }

    private record CrudProbe(String path, boolean needsAuth) {
        static CrudProbe of(WireResult<?> r, String path) {
            if (r.isOk()) {
                return new CrudProbe(path, false);
            }
            WireResult.Failure<?> f = r.failure().orElseThrow();
            if (f.kind() == WireResult.Kind.UNAUTHORIZED) {
                return new CrudProbe(path, true);
            }
            if (f.kind() == WireResult.Kind.INVALID_REQUEST || f.kind() == WireResult.Kind.APP_ERROR) {
                return new CrudProbe(path, false); // the route exists; it disliked the probe
            }
            return null;
        }
    }

    static Feature feature(WireResult<?> r) {
        if (r == null) {
            return Feature.UNKNOWN;
        }
        if (r.isOk()) {
            return Feature.PRESENT;
        }
        return switch (r.failure().orElseThrow().kind()) {
            case NOT_DECLARED -> Feature.ABSENT;
            case UNAUTHORIZED, INVALID_REQUEST, APP_ERROR -> Feature.PRESENT;
            default -> Feature.UNKNOWN;
        };
    }

    static EventsState eventsState(WireResult<?> r) {
        if (r == null) {
            return EventsState.UNKNOWN;
        }
        if (r.valueIfOk().orElse(null) instanceof EventSystemStatus s) {
            return s.running() ? EventsState.ACTIVE : EventsState.INACTIVE;
        }
        WireResult.Failure<?> f = r.failure().orElse(null);
        if (f == null) {
            return EventsState.UNKNOWN;
        }
        if (f.kind() == WireResult.Kind.NOT_DECLARED) {
            return EventsState.ABSENT;
        }
        if (f.kind() == WireResult.Kind.HTTP_ERROR && f.status() >= 500) {
            return EventsState.BROKEN;
        }
        return EventsState.UNKNOWN;
    }

    static List<String> integrations(WireResult<JsonNode> spec) {
        List<String> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        spec.valueIfOk().ifPresent(doc -> {
            JsonNode list = doc.path("integrations");
            if (list.isArray()) {
                for (JsonNode i : list) {
                    String name = i.isTextual() ? i.asText() : i.path("name").asText("");
                    if (!name.isBlank()) {
                        out.add(name);
                    }
                }
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "DazzleClient[" + server.baseUrl() + "]";
    }
}
