package com.dazzleops.server.events;

import com.dazzleops.model.errors.ErrorBody;
import com.dazzleops.model.errors.ValidationIssue;
import com.dazzleops.model.events.ConsumerInfo;
import com.dazzleops.model.events.ConsumersResponse;
import com.dazzleops.model.events.DLQEntry;
import com.dazzleops.model.events.DLQResponse;
import com.dazzleops.model.events.EventDetail;
import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.events.EventQueries;
import com.dazzleops.model.events.EventSummary;
import com.dazzleops.model.events.EventSystemStatus;
import com.dazzleops.model.events.EventsResponse;
import com.dazzleops.model.events.OutboxEntry;
import com.dazzleops.model.events.OutboxResponse;
import com.dazzleops.model.events.OutboxStats;
import com.dazzleops.model.events.ReplayResult;
import com.dazzleops.model.events.TopicInfo;
import com.dazzleops.model.events.TopicsResponse;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@code /_dazzle/events/*} routes (contract wire-events §1–§4), every body serialised through the shared-model
 * records. When the framework is absent or not running every route answers the intended "inactive" body of §3 with
 * 200 (never a 500). Routes that are broken in real Dazzle ({@code /topics/{topic}}, {@code /event/{id}},
 * {@code /consumers}) work here.
 *
 * <p>Additions beyond Dazzle (ignored by clients that do not use them): {@code /dlq} also honours {@code group_id}
 * and {@code offset}.
 */
public final class EventsRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(EventsRoutes.class);
    public static final String PREFIX = "/_dazzle/events";
    private static final String JSON = "application/json";
    private static final Pattern INT = Pattern.compile("^\\s*[+-]?\\d+\\s*$");

    private final Supplier<EventFramework> framework;
    private final List<String> trustedOrigins;

    public EventsRoutes(Supplier<EventFramework> framework, List<String> trustedOrigins) {
        this.framework = framework;
        this.trustedOrigins = trustedOrigins == null ? List.of() : List.copyOf(trustedOrigins);
    }

    public void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.GET, PREFIX + "/status", safe(this::status));
        routes.addHttpHandler(HandlerType.GET, PREFIX + "/topics", safe(this::topics));
        routes.addHttpHandler(HandlerType.GET, PREFIX + "/topics/{topic}", safe(this::topicEvents));
        routes.addHttpHandler(HandlerType.GET, PREFIX + "/event/{event_id}", safe(this::event));
        routes.addHttpHandler(HandlerType.GET, PREFIX + "/consumers", safe(this::consumers));
        routes.addHttpHandler(HandlerType.GET, PREFIX + "/outbox", safe(this::outbox));
        routes.addHttpHandler(HandlerType.GET, PREFIX + "/dlq", safe(this::dlq));
        routes.addHttpHandler(HandlerType.POST, PREFIX + "/dlq/{event_id}/replay", safe(this::replay));
    }

    /** The route paths, for a router that wants to know its templates. */
    public static List<String> paths() {
        return List.of(PREFIX + "/status", PREFIX + "/topics", PREFIX + "/topics/{topic}", PREFIX + "/event/{event_id}",
                PREFIX + "/consumers", PREFIX + "/outbox", PREFIX + "/dlq", PREFIX + "/dlq/{event_id}/replay");
    }

    private static Handler safe(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (Exception e) {
                LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), Db.oneLine(e));
                json(ctx, 500, ErrorBody.internalServerError());
            }
        };
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.result(Wire.writeBytes(body));
    }

    private EventFramework active() {
        EventFramework f = framework.get();
        return f != null && f.isRunning() && f.bus() != null ? f : null;
    }

    // ---- GET /status

    private void status(Context ctx) throws Exception {
        EventFramework f = active();
        if (f == null) {
            json(ctx, 200, EventSystemStatus.inactive());
            return;
        }
        EventBus bus = f.bus();
        json(ctx, 200, new EventSystemStatus(true, bus.brokerType(), bus.topics().size(), bus.consumers().size(),
                f.outbox().stats().pending(), bus.dlq().count(null, null)));
    }

    // ---- GET /topics

    private void topics(Context ctx) throws Exception {
        EventFramework f = active();
        if (f == null) {
            json(ctx, 200, TopicsResponse.empty());
            return;
        }
        List<TopicInfo> out = new ArrayList<>();
        for (EventBus.TopicStat t : f.bus().topics()) {
            out.add(new TopicInfo(t.name(), t.eventCount(), t.consumerGroups(), t.dlqCount(), time(t.oldestEvent()),
                    time(t.newestEvent())));
        }
        json(ctx, 200, TopicsResponse.of(out));
    }

    // ---- GET /topics/{topic}

    private void topicEvents(Context ctx) throws Exception {
        var q = EventQueries.TopicEvents.parse(ctx::queryParam);
        if (!q.valid()) {
            json(ctx, 422, q.errorBody());
            return;
        }
        EventQueries.TopicEvents p = q.value();
        String topic = ctx.pathParam("topic");
        EventFramework f = active();
        if (f == null) {
            json(ctx, 200, EventsResponse.empty(topic, p.offset(), p.limit()));
            return;
        }
        EventBus.TopicPage page = f.bus().page(topic, p.offset(), p.limit(), p.key(), p.eventType());
        List<EventSummary> events = new ArrayList<>();
        for (EventBus.StoredEvent e : page.events()) {
            events.add(EventSummary.of(e.envelope()));
        }
        json(ctx, 200, new EventsResponse(topic, events, page.total(), p.offset(), p.limit()));
    }

    // ---- GET /event/{event_id}

    private void event(Context ctx) throws Exception {
        EventFramework f = active();
        if (f == null) {
            rawNull(ctx);
            return;
        }
        var found = f.bus().find(ctx.pathParam("event_id"));
        if (found.isEmpty()) {
            rawNull(ctx);
            return;
        }
        EventEnvelope e = found.get().envelope();
        // topic: the topic the event is stored under (the contract allows it; the derived one would be app.<topic>)
        json(ctx, 200, new EventDetail(e.eventId().toString(), e.eventType(), e.eventVersion(), e.key(), e.timestamp(),
                e.payload(), e.headers(), e.correlationId() == null ? null : e.correlationId().toString(),
                e.causationId() == null ? null : e.causationId().toString(), found.get().topic()));
    }

    private static void rawNull(Context ctx) {
        ctx.status(200);
        ctx.contentType(JSON);
        ctx.result(EventDetail.NOT_FOUND_BODY.getBytes(StandardCharsets.UTF_8));
    }

    // ---- GET /consumers

    private void consumers(Context ctx) throws Exception {
        EventFramework f = active();
        if (f == null) {
            json(ctx, 200, ConsumersResponse.empty());
            return;
        }
        List<ConsumerInfo> out = new ArrayList<>();
        for (EventBus.ConsumerPosition c : f.bus().consumers()) {
            out.add(new ConsumerInfo(c.groupId(), c.topic(), c.lastSequence(), c.lag()));
        }
        json(ctx, 200, new ConsumersResponse(out));
    }

    // ---- GET /outbox

    private void outbox(Context ctx) throws Exception {
        EventFramework f = active();
        if (f == null) {
            json(ctx, 200, OutboxResponse.inactive());
            return;
        }
        OutboxStore.Stats s = f.outbox().stats();
        List<OutboxEntry> recent = new ArrayList<>();
        for (OutboxStore.Row r : f.outbox().recent(OutboxResponse.RECENT_ENTRIES_LIMIT)) {
            recent.add(new OutboxEntry(r.id(), r.topic(), r.eventType(), r.key(), r.status(), iso(r.createdAt()),
                    iso(r.publishedAt()), r.attempts(), r.lastError()));
        }
        json(ctx, 200, new OutboxResponse(new OutboxStats(s.pending(), s.publishing(), s.published(), s.failed(),
                s.oldestPending() == null ? null : WireTime.parse(s.oldestPending())), recent));
    }

    // ---- GET /dlq

    private void dlq(Context ctx) throws Exception {
        var q = EventQueries.DeadLetters.parse(ctx::queryParam);
        List<ValidationIssue> issues = new ArrayList<>(q.valid() ? List.of() : q.issues());
        int offset = 0;
        String rawOffset = ctx.queryParam("offset");
        if (rawOffset != null) {
            if (!INT.matcher(rawOffset).matches()) {
                issues.add(ValidationIssue.intParsing("offset", rawOffset));
            } else {
                long v = Long.parseLong(rawOffset.strip().replace("+", ""));
                if (v < 0) {
                    issues.add(ValidationIssue.greaterThanEqual("offset", rawOffset, 0));
                } else {
                    offset = (int) Math.min(v, Integer.MAX_VALUE);
                }
            }
        }
        if (!issues.isEmpty()) {
            json(ctx, 422, ErrorBody.validation(issues));
            return;
        }
        EventFramework f = active();
        if (f == null) {
            json(ctx, 200, DLQResponse.empty());
            return;
        }
        String topic = q.value().topicFilter().orElse(null);
        String group = ctx.queryParam("group_id");
        DlqStore store = f.bus().dlq();
        List<DLQEntry> entries = new ArrayList<>();
        for (DlqStore.Entry e : store.list(topic, group, offset, q.value().limit())) {
            entries.add(DLQEntry.listed(e.eventId(), e.topic(), e.groupId(), e.reasonCode(), e.reasonMessage(),
                    e.attempts(), time(e.createdAt())));
        }
        json(ctx, 200, new DLQResponse(entries, store.count(topic, group)));
    }

    // ---- POST /dlq/{event_id}/replay

    private void replay(Context ctx) {
        if (!csrfAllowed(ctx)) {
            json(ctx, 403, ErrorBody.of(ReplayResult.CSRF_REJECTED));
            return;
        }
        var q = EventQueries.Replay.parse(ctx::queryParam);
        if (!q.valid()) {
            json(ctx, 422, q.errorBody());
            return;
        }
        String eventId = ctx.pathParam("event_id");
        EventFramework f = active();
        if (f == null) {
            json(ctx, 200, ReplayResult.notRunning());
            return;
        }
        EventFramework.ReplayOutcome o = f.replay(eventId, q.value().groupId());
        json(ctx, 200, o.success() ? new ReplayResult(true, o.text(), null) : new ReplayResult(false, null, o.text()));
    }

    /**
     * Dazzle's CSRF admission (contract §2.2), in its order: a Bearer token; Sec-Fetch-Site same-origin/none (or a
     * trusted Origin); an Origin equal to the Host (or trusted); with no origin signal, X-CSRF-Token equal to the
     * {@code dazzle_csrf} cookie.
     */
    boolean csrfAllowed(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return true;
        }
        String origin = ctx.header("Origin");
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            String s = site.toLowerCase(Locale.ROOT);
            return s.equals("same-origin") || s.equals("none") || (origin != null && trustedOrigins.contains(origin));
        }
        if (origin != null) {
            if (trustedOrigins.contains(origin)) {
                return true;
            }
            String host = ctx.header("Host");
            String originHost = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
            int slash = originHost.indexOf('/');
            if (slash >= 0) {
                originHost = originHost.substring(0, slash);
            }
            return host != null && host.equalsIgnoreCase(originHost);
        }
        String token = ctx.header("X-CSRF-Token");
        String cookie = ctx.cookie("dazzle_csrf");
        return token != null && !token.isEmpty() && token.equals(cookie);
    }

    private static WireTime time(String text) {
        return text == null ? null : WireTime.parse(text);
    }

    /** Database text re-printed in Python ISO form (the outbox's created_at/published_at, contract §4.6). */
    private static WireTime iso(String text) {
        if (text == null) {
            return null;
        }
        WireTime t = WireTime.parse(text);
        return t.style() == WireTime.Style.PYTHON_ISO ? t : WireTime.pythonIso(t.toInstant());
    }
}
