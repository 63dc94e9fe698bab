package com.dazzleops.server.events;

import com.dazzleops.server.db.Dialect;
import com.dazzleops.server.events.invoice.InvoiceEvents;
import com.dazzleops.server.events.invoice.InvoiceStatusProjection;
import com.dazzleops.server.events.invoice.SettleInvoiceProcess;
import com.dazzleops.server.spi.ReadinessCheck;
import com.dazzleops.server.spi.Subsystem;
import com.dazzleops.server.spi.SubsystemContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The events subsystem plugged into the runtime core (registered through {@code META-INF/services}): migrations
 * V50.. from {@code db/events/<dialect>}, the invoice_events outbox hook, the InvoiceStatusView projection and the
 * settle_invoice process as consumer groups, the {@code /_dazzle/events/*} routes, metrics, readiness.
 *
 * <p>Environment: {@code REDIS_URL} (non-empty → Redis Streams bus), {@code DAZZLE_EVENTS=off} (framework disabled:
 * the routes answer the inactive bodies), {@code DAZZLE_EVENTS_RETRY_BUDGET} (default 5),
 * {@code DAZZLE_EVENTS_RETRY_BACKOFF_MS} (first backoff, doubling, default 1000), {@code DAZZLE_EVENTS_REDIS_PREFIX}
 * (key prefix, default none), {@code DAZZLE_EVENTS_REDIS_MARKER_TTL_S} (how long the Redis bus keeps an event's
 * marker, its republish window, default 86400), {@code DAZZLE_EVENTS_DEMO_DLQ_SHARE} (demo only, share of approved
 * invoices whose first settlement round is refused, default 0.15).
 */
public final class EventsSubsystem implements Subsystem {

    private static final Logger LOG = LoggerFactory.getLogger(EventsSubsystem.class);

    private final Map<String, String> env;
    private volatile EventFramework framework;
    private EventsSnapshot snapshot;
    private ScheduledExecutorService starter;
    private volatile boolean closed;
    private boolean enabled = true;

    public EventsSubsystem() {
        this(System.getenv());
    }

    public EventsSubsystem(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "events";
    }

    static SqlDialect dialect(Dialect d) {
        return d.isSqlite() ? SqlDialect.SQLITE : SqlDialect.POSTGRES;
    }

    @Override
    public List<String> migrationLocations(Dialect dialect) {
        return List.of(dialect(dialect).migrationLocation());
    }

    @Override
    public void init(SubsystemContext ctx) {
        String flag = setting("DAZZLE_EVENTS", "on").trim().toLowerCase(Locale.ROOT);
        enabled = !(flag.equals("off") || flag.equals("false") || flag.equals("0") || flag.equals("no"));
        SqlDialect dialect = dialect(ctx.dialect());
        int budget = intEnv("DAZZLE_EVENTS_RETRY_BUDGET", 5);
        long backoff = intEnv("DAZZLE_EVENTS_RETRY_BACKOFF_MS", 1000);
        int markerTtl = intEnv("DAZZLE_EVENTS_REDIS_MARKER_TTL_S", (int) RedisEventBus.DEFAULT_MARKER_TTL_S);
        if (markerTtl < 1) {
            LOG.warn("DAZZLE_EVENTS_REDIS_MARKER_TTL_S={} is not a positive number of seconds; using {}", markerTtl,
                    RedisEventBus.DEFAULT_MARKER_TTL_S);
            markerTtl = (int) RedisEventBus.DEFAULT_MARKER_TTL_S;
        }
        EventFramework.Settings settings = EventFramework.Settings.defaults()
                .withConsumer(new ConsumerRunner.Config(500, 100, budget, backoff, 60_000))
                .withRedis(ctx.config().redisUrl(), setting("DAZZLE_EVENTS_REDIS_PREFIX", ""))
                .withRedisMarkerTtl(markerTtl)
                .withSharedDatabase(dialect == SqlDialect.POSTGRES);
        EventFramework f = new EventFramework(ctx.dataSource(), dialect, settings);
        f.register(new InvoiceStatusProjection());
        SettleInvoiceProcess settle = new SettleInvoiceProcess(ctx.entities(), ctx.settlement(), ctx.database(),
                ctx.clock());
        if (ctx.config().demo()) {
            double share = Double.parseDouble(setting("DAZZLE_EVENTS_DEMO_DLQ_SHARE", "0.15"));
            settle.enableDemoFailures(ctx.integrations().paymentProvider(), share, budget);
        }
        f.register(settle);
        this.framework = f;
        // events are written even while the bus is down: the outbox is the database
        ctx.addWriteHook(new InvoiceEvents(f.outbox(), f));
        EventsRoutes routes = new EventsRoutes(() -> enabled ? framework : null, List.of());
        ctx.addRoutes(routes::register);
        snapshot = new EventsSnapshot(() -> enabled ? framework : null);
        EventsMetrics.register(ctx.prometheusRegistry(), snapshot);
        ctx.addReadinessCheck(() -> {
            if (!enabled) {
                return ReadinessCheck.Result.ready();
            }
            String problem = snapshot.figures().problem();
            return problem == null ? ReadinessCheck.Result.ready() : ReadinessCheck.Result.notReady(problem);
        });
        ctx.setComponentHealth("event_bus", () -> !enabled ? 0.0 : snapshot.figures().busReachable() ? 1.0 : 0.0);
    }

    /** A setting: a JVM system property of the same name wins over the environment (tests, harnesses). */
    private String setting(String name, String dflt) {
        String p = System.getProperty(name);
        if (p != null) {
            return p;
        }
        return env.getOrDefault(name, dflt);
    }

    private int intEnv(String name, int dflt) {
        String v = setting(name, null);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            LOG.warn("{}={} is not an integer; using {}", name, v, dflt);
            return dflt;
        }
    }

    @Override
    public void start() {
        if (!enabled) {
            LOG.info("Event framework disabled (DAZZLE_EVENTS={})", setting("DAZZLE_EVENTS", ""));
            return;
        }
        snapshot.start(1000);
        starter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "events-starter");
            t.setDaemon(true);
            return t;
        });
        if (!tryStart()) {
            // keep trying in the background: the server recovers by itself once the bus answers
            starter.scheduleWithFixedDelay(() -> {
                if (!closed && !framework.isRunning() && tryStart()) {
                    starter.shutdown();
                }
            }, 2, 2, TimeUnit.SECONDS);
        }
    }

    private boolean tryStart() {
        try {
            framework.start();
            snapshot.refresh();
            return true;
        } catch (Exception e) {
            LOG.warn("Event framework could not start ({}); retrying in the background", Db.oneLine(e));
            return false;
        }
    }

    @Override
    public boolean settlesInvoices() {
        return enabled;
    }

    /** The framework (tests, fault harness). */
    public EventFramework framework() {
        return framework;
    }

    @Override
    public void close() {
        closed = true;
        if (starter != null) {
            starter.shutdownNow();
        }
        if (snapshot != null) {
            snapshot.close();
        }
        if (framework != null) {
            framework.close();
        }
    }
}
