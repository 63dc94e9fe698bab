package com.dazzleops.server;

import com.dazzleops.model.errors.ErrorBody;
import com.dazzleops.model.ops.system.DbInfo;
import com.dazzleops.server.approvals.ApprovalRoutes;
import com.dazzleops.server.approvals.ApprovalService;
import com.dazzleops.server.audit.AuditLog;
import com.dazzleops.server.audit.AuditRoutes;
import com.dazzleops.server.auth.AuthRoutes;
import com.dazzleops.server.auth.AuthService;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.DatabaseUrl;
import com.dazzleops.server.db.Dialect;
import com.dazzleops.server.db.EntityTablesMigration;
import com.dazzleops.server.debug.DebugRoutes;
import com.dazzleops.server.debug.Readiness;
import com.dazzleops.server.debug.SystemRoutes;
import com.dazzleops.server.demo.DemoWorkload;
import com.dazzleops.server.entity.EntityException;
import com.dazzleops.server.entity.EntityRepository;
import com.dazzleops.server.entity.EntityRoutes;
import com.dazzleops.server.entity.EntityService;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.HttpError;
import com.dazzleops.server.http.RouteTable;
import com.dazzleops.server.integrations.IntegrationRoutes;
import com.dazzleops.server.integrations.IntegrationService;
import com.dazzleops.server.integrations.InvoiceSettlement;
import com.dazzleops.server.integrations.MockPaymentProvider;
import com.dazzleops.server.jobs.BuiltinJobs;
import com.dazzleops.server.jobs.JobRoutes;
import com.dazzleops.server.jobs.JobService;
import com.dazzleops.server.metrics.HttpInstrumentation;
import com.dazzleops.server.metrics.Metrics;
import com.dazzleops.server.metrics.RedisMetricsEmitter;
import com.dazzleops.server.seed.Seeder;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spi.EntityWriteHook;
import com.dazzleops.server.spi.ReadinessCheck;
import com.dazzleops.server.spi.Subsystem;
import com.dazzleops.server.spi.SubsystemContext;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * The invoice_ops runtime: boots the database (pool, migrations, seed), the services (entities, audit, auth, jobs,
 * approvals, integrations, metrics), the subsystems, and the HTTP server; {@link #close()} stops everything.
 *
 * <pre>{@code
 * try (RuntimeServer s = RuntimeServer.start(ServerConfig.builder().port(0).dataDir(tmp).build())) {
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/_dazzle/health")).build(), ...);
 * }
 * }</pre>
 */
public final class RuntimeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeServer.class);

    private final ServerConfig config;
    private final AppSpec spec;
    private final Metrics metrics;
    private final Database db;
    private final EntityRepository repo;
    private final AuditLog audit;
    private final AuthService auth;
    private final EntityService entities;
    private final JobService jobs;
    private final BuiltinJobs builtinJobs;
    private final IntegrationService integrations;
    private final InvoiceSettlement settlement;
    private final ApprovalService approvals;
    private final Readiness readiness;
    private final RedisMetricsEmitter redis;
    private final List<Subsystem> subsystems = new ArrayList<>();
    private final List<Subsystem> started = new ArrayList<>();
    private final ScheduledExecutorService monitor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean dbUp = true;
    private Javalin app;
    private DemoWorkload demo;

    private RuntimeServer(ServerConfig config, List<Subsystem> extra) {
        this.config = config;
        long bootNanos = System.nanoTime();
        Clock clock = config.clock();
        this.spec = AppSpec.loadDefault();
        this.metrics = new Metrics();
        DatabaseUrl url = DatabaseUrl.parse(config.databaseUrl(), config.sqliteFile());
        this.db = Database.open(url);
        boolean ok = false;
        try {
            ServiceLoader.load(Subsystem.class).forEach(subsystems::add);
            subsystems.addAll(extra);
            List<JavaMigration> javaMigrations = new ArrayList<>();
            javaMigrations.add(new EntityTablesMigration(spec, db.dialect()));
            List<String> locations = new ArrayList<>();
            for (Subsystem s : subsystems) {
                locations.addAll(s.migrationLocations(db.dialect()));
                javaMigrations.addAll(s.javaMigrations(db.dialect()));
            }
            int executed = db.migrate(javaMigrations, locations);
            this.repo = new EntityRepository(db.dialect());
            this.audit = new AuditLog(db, clock, metrics);
            this.auth = new AuthService(db, clock, config.jwtSecret());
            this.entities = new EntityService(spec, db, repo, audit, metrics, clock);
            db.inTransaction(c -> {
                repo.reconcileCounts(c, spec.entities());
                return null;
            });
            new Seeder(spec, db, repo, auth, clock).seedIfEmpty();

            MockPaymentProvider provider = new MockPaymentProvider(config.demo()
                    ? new MockPaymentProvider.Modes(0.25, 0.05, 0.10, 40) : MockPaymentProvider.Modes.ALWAYS_SUCCEED, 42);
            this.integrations = new IntegrationService(spec, provider, metrics, clock);
            this.settlement = new InvoiceSettlement(entities, integrations);
            this.approvals = new ApprovalService(spec, db, metrics, clock);
            entities.addGate(approvals);
            this.jobs = new JobService(spec, db, repo, metrics, clock);
            this.builtinJobs = new BuiltinJobs(db, entities, provider, clock);
            builtinJobs.register(jobs);
            if (config.demo()) {
                builtinJobs.setMailFailureRate(0.45);
            }
            entities.addHook(jobs.triggerHook());
            this.readiness = new Readiness(db);
            this.redis = config.redisUrl() == null ? null : new RedisMetricsEmitter(config.redisUrl(), config.instance(), clock);
            metrics.setComponentHealth("database", () -> dbUp ? 1.0 : 0.0);
            metrics.setComponentHealth("cache", () -> redis == null ? 0.0 : redis.healthy() ? 1.0 : 0.0);
            metrics.setComponentHealth("external_api", this::providerHealth);

            Map<String, Boolean> fts = ftsTables();
            List<Consumer<RoutesConfig>> extraRoutes = new CopyOnWriteArrayList<>();
            initSubsystems(extraRoutes);
            this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dazzle-db-monitor");
                t.setDaemon(true);
                return t;
            });
            monitor.scheduleWithFixedDelay(this::checkDatabase, 2, 2, TimeUnit.SECONDS);
            DbInfo.MigrationSummary migration = new DbInfo.MigrationSummary(executed, List.of(), false);
            this.app = buildApp(bootNanos, fts, migration, extraRoutes);
            app.start(config.host(), config.port());
            if (config.workers()) {
                jobs.start();
            }
            for (Subsystem s : subsystems) {
                try {
                    s.start();
                    started.add(s);
                } catch (Exception e) {
                    LOG.error("subsystem {} failed to start; serving without it: {}", s.name(), e.toString(), e);
                }
            }
            if (config.demo()) {
                boolean externalSettlement = started.stream().anyMatch(Subsystem::settlesInvoices);
                demo = new DemoWorkload(entities, settlement, integrations, auth, clock, externalSettlement);
                demo.start();
            }
            LOG.info("Application startup complete: {} ({} entities, dsl_hash {}) on {} [{}]", spec.name(),
                    spec.entities().size(), spec.dslHash(), baseUrl(), db.dialect().folder());
            ok = true;
        } catch (SQLException e) {
            throw new IllegalStateException("database error during boot: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                closeQuietly();
            }
        }
    }

    /** Boots a server; subsystems on the classpath ({@link ServiceLoader}) are included. */
    public static RuntimeServer start(ServerConfig config) {
        return start(config, List.of());
    }

    /** Boots a server with extra subsystems (besides those found by {@link ServiceLoader}). */
    public static RuntimeServer start(ServerConfig config, List<Subsystem> extraSubsystems) {
        return new RuntimeServer(config, extraSubsystems);
    }

    private double providerHealth() {
        var recent = integrations.accumulator().recent("payment_provider", 20);
        if (recent.isEmpty()) {
            return 1.0;
        }
        long failed = recent.stream().filter(e -> !e.succeeded()).count();
        return failed * 2 > recent.size() ? 0.5 : 1.0;
    }

    private void checkDatabase() {
        boolean up = db.ping();
        if (up != dbUp) {
            if (up) {
                LOG.info("Database reachable again");
            } else {
                LOG.warn("Database unreachable");
            }
        }
        dbUp = up;
    }

    private Map<String, Boolean> ftsTables() throws SQLException {
        Map<String, Boolean> fts = new HashMap<>();
        db.withConnection(c -> {
            for (EntitySpec e : spec.entities()) {
                fts.put(e.name(), tableExists(c, e.name() + "_fts"));
            }
            return null;
        });
        return Collections.unmodifiableMap(fts);
    }

    private boolean tableExists(Connection c, String name) throws SQLException {
        String sql = db.dialect() == Dialect.SQLITE
                ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name.replace("'", "") + "'"
                : "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = '" + name.replace("'", "") + "'";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    private void initSubsystems(List<Consumer<RoutesConfig>> extraRoutes) {
        for (Subsystem s : new ArrayList<>(subsystems)) {
            SubsystemContext ctx = new SubsystemContext() {
                @Override
                public ServerConfig config() {
                    return config;
                }

                @Override
                public AppSpec appSpec() {
                    return spec;
                }

                @Override
                public DataSource dataSource() {
                    return db.dataSource();
                }

                @Override
                public Database database() {
                    return db;
                }

                @Override
                public Dialect dialect() {
                    return db.dialect();
                }

                @Override
                public Clock clock() {
                    return config.clock();
                }

                @Override
                public PrometheusRegistry prometheusRegistry() {
                    return metrics.registry();
                }

                @Override
                public Metrics metrics() {
                    return metrics;
                }

                @Override
                public JobService jobs() {
                    return jobs;
                }

                @Override
                public IntegrationService integrations() {
                    return integrations;
                }

                @Override
                public InvoiceSettlement settlement() {
                    return settlement;
                }

                @Override
                public EntityService entities() {
                    return entities;
                }

                @Override
                public void addWriteHook(EntityWriteHook hook) {
                    entities.addHook(hook);
                }

                @Override
                public void addRoutes(Consumer<RoutesConfig> routes) {
                    extraRoutes.add(routes);
                }

                @Override
                public void addReadinessCheck(ReadinessCheck check) {
                    readiness.add(check);
                }

                @Override
                public void setComponentHealth(String component, DoubleSupplier health) {
                    metrics.setComponentHealth(component, health);
                }
            };
            try {
                s.init(ctx);
            } catch (Exception e) {
                LOG.error("subsystem {} failed to initialise; serving without it: {}", s.name(), e.toString(), e);
                subsystems.remove(s);
            }
        }
    }

    private Javalin buildApp(long bootNanos, Map<String, Boolean> fts, DbInfo.MigrationSummary migration,
                             List<Consumer<RoutesConfig>> extraRoutes) {
        HttpInstrumentation instr = new HttpInstrumentation(metrics, redis);
        List<Pattern> templates = RouteTable.newSink();
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.router.ignoreTrailingSlashes = false;
            cfg.http.prefer405over404 = true;
            cfg.http.defaultContentType = Http.JSON;
            cfg.jetty.modifyServer(server -> server.setStopTimeout(1000));
            RoutesConfig routes = cfg.routes;
            routes.before(instr::before);
            routes.after(ctx -> {
                if (ctx.method() == HandlerType.HEAD && ctx.statusCode() != 405) {
                    // Starlette answers HEAD on GET-only routes with 405
                    ctx.status(405);
                    Http.json(ctx, 405, ErrorBody.methodNotAllowed());
                }
                instr.after(ctx);
            });
            RouteTable r = new RouteTable(routes, templates);
            new DebugRoutes(spec, db, repo, readiness, config.clock(), bootNanos, fts).register(r);
            new SystemRoutes(spec, db, auth, bootNanos, migration).register(r);
            r.get("/_dazzle/metrics", ctx -> {
                ctx.status(200);
                ctx.contentType(Metrics.CONTENT_TYPE);
                ctx.result(metrics.scrape());
            });
            new AuditRoutes(audit, auth, config.clock()).register(r);
            new AuthRoutes(auth).register(r);
            if (!spec.jobs().isEmpty()) {
                new JobRoutes(spec, db).register(r);
            }
            if (!spec.approvals().isEmpty()) {
                new ApprovalRoutes(approvals).register(r);
            }
            if (!spec.integrations().isEmpty()) {
                new IntegrationRoutes(integrations).register(r);
            }
            new EntityRoutes(entities, auth).register(r);
            for (Consumer<RoutesConfig> c : extraRoutes) {
                c.accept(routes);
            }
            routes.exception(HttpError.class, (e, ctx) -> {
                ctx.attribute("dz.body", true);
                Http.json(ctx, e.status(), e.body());
            });
            routes.exception(EntityException.class, (e, ctx) -> {
                ctx.attribute("dz.body", true);
                Http.json(ctx, e.status(), e.body());
            });
            routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}: {}", ctx.method(), ctx.path(), e.toString(), e);
                ctx.attribute("dz.body", true);
                Http.json(ctx, 500, ErrorBody.internalServerError());
            });
            routes.error(404, ctx -> {
                if (Boolean.TRUE.equals(ctx.attribute("dz.body"))) {
                    return;
                }
                String path = ctx.path();
                if (path.length() > 1 && path.endsWith("/") && RouteTable.matches(templates, path.substring(0, path.length() - 1))) {
                    String q = ctx.queryString();
                    ctx.status(307);
                    ctx.header("Location", ctx.scheme() + "://" + ctx.host() + path.substring(0, path.length() - 1)
                            + (q == null ? "" : "?" + q));
                    ctx.result("");
                    return;
                }
                ctx.attribute("dz.unmatched", true);
                Http.json(ctx, 404, ErrorBody.notFound());
            });
            routes.error(405, ctx -> {
                if (!Boolean.TRUE.equals(ctx.attribute("dz.body"))) {
                    ctx.res().setHeader("Allow", null);
                    Http.json(ctx, 405, ErrorBody.methodNotAllowed());
                }
            });
        });
    }

    /** The port the server listens on (the real one when configured with 0). */
    public int port() {
        return app.port();
    }

    /** {@code http://host:port}. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public ServerConfig config() {
        return config;
    }

    public AppSpec appSpec() {
        return spec;
    }

    public Database database() {
        return db;
    }

    public EntityService entities() {
        return entities;
    }

    public JobService jobs() {
        return jobs;
    }

    public BuiltinJobs builtinJobs() {
        return builtinJobs;
    }

    public IntegrationService integrations() {
        return integrations;
    }

    public InvoiceSettlement settlement() {
        return settlement;
    }

    public ApprovalService approvals() {
        return approvals;
    }

    public AuthService auth() {
        return auth;
    }

    public Metrics metrics() {
        return metrics;
    }

    public RedisMetricsEmitter redisEmitter() {
        return redis;
    }

    /** Stops demo, subsystems, workers, HTTP, Redis emitter and the pool. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly();
            LOG.info("Server stopped");
        }
    }

    private void closeQuietly() {
        closed.set(true);
        run(() -> {
            if (demo != null) {
                demo.close();
            }
        });
        List<Subsystem> rev = new ArrayList<>(started);
        Collections.reverse(rev);
        for (Subsystem s : rev) {
            run(s::close);
        }
        run(() -> {
            if (jobs != null) {
                jobs.close();
            }
        });
        run(() -> {
            if (app != null) {
                app.stop();
            }
        });
        run(() -> {
            if (monitor != null) {
                monitor.shutdownNow();
            }
        });
        run(() -> {
            if (integrations != null) {
                integrations.close();
            }
        });
        run(() -> {
            if (redis != null) {
                redis.close();
            }
        });
        run(db::close);
    }

    private static void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("error while stopping: {}", e.toString());
        }
    }
}
