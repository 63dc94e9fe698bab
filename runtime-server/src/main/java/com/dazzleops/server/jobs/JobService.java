package com.dazzleops.server.jobs;

import com.dazzleops.model.json.Wire;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.Dialect;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.entity.EntityRepository;
import com.dazzleops.server.entity.Values;
import com.dazzleops.server.metrics.Metrics;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spec.FieldSpec;
import com.dazzleops.server.spec.JobSpec;
import com.dazzleops.server.spi.EntityWrite;
import com.dazzleops.server.spi.EntityWriteHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * Background jobs with Dazzle's lifecycle, as intended: {@code submit} inserts a {@code pending} JobRun row and a
 * queue message in the caller's transaction; the worker claims due messages, marks the row {@code running}, runs
 * the handler under the job's {@code timeout_seconds}, and ends it {@code completed}, {@code failed ... (retrying)}
 * (a new pending row for the next attempt, due after the backoff with jitter), or exhausted: {@code dead_letter}
 * (plus a row in the dead-letter entity) when the job declares one, else {@code failed}. {@code max_attempts =
 * retry + 1}; each attempt is its own JobRun row. Every time comes from the injected {@link Clock}.
 */
public final class JobService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    private static final Duration LEASE_GRACE = Duration.ofSeconds(30);

    private final AppSpec spec;
    private final Database db;
    private final EntityRepository repo;
    private final Metrics metrics;
    private final Clock clock;
    private final EntitySpec jobRun;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final String workerId = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService handlerPool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dazzle-job-handler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile DoubleSupplier jitter = () -> 0.75 + Math.random() * 0.5;
    private ScheduledExecutorService loop;

    public JobService(AppSpec spec, Database db, EntityRepository repo, Metrics metrics, Clock clock) {
        this.spec = spec;
        this.db = db;
        this.repo = repo;
        this.metrics = metrics;
        this.clock = clock;
        this.jobRun = spec.entity("JobRun").orElse(null);
    }

    /** Registers the handler for a job's {@code run:} reference (e.g. {@code notifications.notify_approvers}). */
    public void registerHandler(String runRef, JobHandler handler) {
        handlers.put(runRef, Objects.requireNonNull(handler));
    }

    /** Jitter factor source (default uniform in [0.75, 1.25)); tests pin it. */
    public void setJitter(DoubleSupplier jitter) {
        this.jitter = Objects.requireNonNull(jitter);
    }

    public List<JobSpec> declared() {
        return spec.jobs();
    }

    /** The hook that fires entity-event triggers (register it on the entity service). */
    public EntityWriteHook triggerHook() {
        return w -> {
            if (w.operation() != EntityWrite.Operation.UPDATE && w.operation() != EntityWrite.Operation.CREATE) {
                return;
            }
            for (JobSpec j : spec.jobs()) {
                JobSpec.Trigger t = j.trigger();
                if (t == null || !w.entity().equals(t.entity())) {
                    continue;
                }
                boolean fire;
                String event;
                if ("field_changed".equals(t.event())) {
                    Object before = w.before() == null ? null : w.before().get(t.field());
                    Object after = w.after() == null ? null : w.after().get(t.field());
                    fire = w.operation() == EntityWrite.Operation.UPDATE && !Objects.equals(before, after)
                            && (t.toValue() == null || t.toValue().equals(String.valueOf(after)));
                    event = "field_changed";
                } else {
                    event = "created".equals(t.event()) ? "created" : "updated";
                    fire = ("created".equals(t.event()) && w.operation() == EntityWrite.Operation.CREATE)
                            || ("updated".equals(t.event()) && w.operation() == EntityWrite.Operation.UPDATE);
                }
                if (fire) {
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("entity_id", w.entityId());
                    payload.put("entity_type", w.entity());
                    payload.put("event", event);
                    payload.put("row", jsonableRow(w.entity(), w.after()));
                    submit(w.connection(), j.name(), payload);
                }
            }
        };
    }

    private Map<String, Object> jsonableRow(String entity, Map<String, Object> row) {
        EntitySpec e = spec.requireEntity(entity);
        Map<String, Object> m = new LinkedHashMap<>();
        for (FieldSpec f : e.fields()) {
            m.put(f.name(), Values.toJsonable(f, row.get(f.name())));
        }
        return m;
    }

    /** Submits attempt 1 of a job in the caller's transaction; returns the JobRun id. */
    public String submit(Connection c, String jobName, Map<String, Object> payload) throws SQLException {
        return enqueue(c, jobName, payload, 1, clock.instant());
    }

    /** Submits in its own transaction. */
    public String submit(String jobName, Map<String, Object> payload) throws SQLException {
        return db.inTransaction(c -> submit(c, jobName, payload));
    }

    private String enqueue(Connection c, String jobName, Map<String, Object> payload, int attempt, Instant due) throws SQLException {
        if (jobRun == null) {
            throw new IllegalStateException("the AppSpec declares no jobs (no JobRun entity)");
        }
        String id = UUID.randomUUID().toString();
        String payloadText = payload == null ? null : Wire.write(payload);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("job_name", jobName);
        row.put("status", "pending");
        row.put("attempt_number", (long) attempt);
        row.put("payload", payloadText);
        row.put("created_at", SqlTime.store(clock.instant()));
        repo.insert(c, jobRun, row);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO _dazzle_job_queue (job_run_id, job_name, payload, attempt, available_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, jobName);
            ps.setString(3, payloadText);
            ps.setInt(4, attempt);
            ps.setString(5, SqlTime.store(due));
            ps.executeUpdate();
        }
        return id;
    }

    /** A claimed queue message. */
    record Message(String jobRunId, String jobName, String payload, int attempt) {
    }

    /** Claims one due message (lease) or returns empty. */
    Optional<Message> claim() throws SQLException {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            String select = "SELECT job_run_id, job_name, payload, attempt FROM _dazzle_job_queue WHERE available_at <= ?"
                    + " AND (locked_until IS NULL OR locked_until < ?) ORDER BY available_at LIMIT 1"
                    + (db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "");
            Message m = null;
            try (PreparedStatement ps = c.prepareStatement(select)) {
                ps.setString(1, SqlTime.store(now));
                ps.setString(2, SqlTime.store(now));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        m = new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4));
                    }
                }
            }
            if (m == null) {
                return Optional.empty();
            }
            int timeout = spec.job(m.jobName()).map(JobSpec::timeoutSeconds).orElse(60);
            try (PreparedStatement ps = c.prepareStatement("UPDATE _dazzle_job_queue SET locked_by = ?, locked_until = ? WHERE job_run_id = ?")) {
                ps.setString(1, workerId);
                ps.setString(2, SqlTime.store(now.plusSeconds(timeout).plus(LEASE_GRACE)));
                ps.setString(3, m.jobRunId());
                ps.executeUpdate();
            }
            return Optional.of(m);
        });
    }

    /**
     * Runs every message that is due now, one after another, in the calling thread; returns how many ran. The
     * worker loop calls this; tests with {@code workers(false)} call it after moving their clock.
     */
    public int runDue() {
        int n = 0;
        while (true) {
            Optional<Message> m;
            try {
                m = claim();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("job queue unavailable: {}", e.getMessage());
                return n;
            }
            if (m.isEmpty()) {
                return n;
            }
            execute(m.get());
            n++;
        }
    }

    private void execute(Message m) {
        Optional<JobSpec> js = spec.job(m.jobName());
        Instant started = clock.instant();
        try {
            if (js.isEmpty()) {
                finish(m, "failed", "No JobSpec named '" + m.jobName() + "'", null, false, null);
                return;
            }
            JobSpec job = js.get();
            updateRun(m.jobRunId(), Map.of("status", "running", "attempt_number", (long) m.attempt(),
                    "started_at", SqlTime.store(started)));
            JobHandler h = handlers.get(job.run());
            if (h == null) {
                long ms = Duration.between(started, clock.instant()).toMillis();
                finish(m, "failed", "ImportError: cannot resolve handler '" + job.run() + "'", ms, false, job);
                return;
            }
            long t0 = System.nanoTime();
            Map<String, Object> payload = m.payload() == null ? Map.of() : Wire.read(m.payload(), Map.class);
            Future<?> f = handlerPool.submit(() -> {
                h.run(payload);
                return null;
            });
            String error = null;
            try {
                f.get(job.timeoutSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException te) {
                f.cancel(true);
                error = "TimeoutError: job exceeded timeout_seconds=" + job.timeoutSeconds();
            } catch (ExecutionException ee) {
                Throwable cause = ee.getCause() == null ? ee : ee.getCause();
                error = exceptionClass(cause) + ": " + cause.getMessage();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                error = "CancelledError: worker stopped";
            }
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            long ms = Math.max(wallMs, Duration.between(started, clock.instant()).toMillis());
            metrics.jobDuration.labelValues(job.name()).observe(ms / 1000.0);
            if (error == null) {
                finish(m, "completed", null, ms, false, job);
            } else if (m.attempt() < job.maxAttempts()) {
                finish(m, "failed", error + " (retrying)", ms, true, job);
            } else {
                finish(m, job.hasDeadLetter() ? "dead_letter" : "failed", error, ms, false, job);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("job {} attempt {} could not be recorded: {}", m.jobName(), m.attempt(), e.toString());
        }
    }

    private static String exceptionClass(Throwable t) {
        if (t instanceof JobFailure jf) {
            return jf.kind();
        }
        return t.getClass().getSimpleName();
    }

    /** Ends an attempt: updates its row, removes the message, and enqueues the retry or the dead letter in one tx. */
    private void finish(Message m, String status, String error, Long durationMs, boolean retry, JobSpec job) throws SQLException {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            Map<String, Object> ch = new LinkedHashMap<>();
            ch.put("status", status);
            ch.put("error_message", error);
            ch.put("finished_at", SqlTime.store(now));
            if (durationMs != null) {
                ch.put("duration_ms", durationMs);
            }
            repo.update(c, jobRun, m.jobRunId(), ch);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM _dazzle_job_queue WHERE job_run_id = ?")) {
                ps.setString(1, m.jobRunId());
                ps.executeUpdate();
            }
            Map<String, Object> payload = m.payload() == null ? null : Wire.read(m.payload(), Map.class);
            if (retry) {
                double delay = job.baseBackoffSeconds(m.attempt()) * jitter.getAsDouble();
                Instant due = now.plusNanos((long) (Math.min(delay, 300.0) * 1e9));
                enqueue(c, m.jobName(), payload, m.attempt() + 1, due);
            } else if ("dead_letter".equals(status)) {
                EntitySpec dl = spec.requireEntity(job.deadLetter());
                Map<String, Object> row = new LinkedHashMap<>();
                for (FieldSpec f : dl.fields()) {
                    switch (f.name()) {
                        case "id" -> row.put("id", UUID.randomUUID().toString());
                        case "job_run_id" -> row.put("job_run_id", m.jobRunId());
                        case "job_name" -> row.put("job_name", m.jobName());
                        case "payload" -> row.put("payload", m.payload());
                        case "error_message" -> row.put("error_message", error);
                        case "attempts" -> row.put("attempts", (long) m.attempt());
                        case "created_at" -> row.put("created_at", SqlTime.store(now));
                        default -> {
                        }
                    }
                }
                repo.insert(c, dl, row);
            }
            return null;
        });
        String outcome = retry ? "retrying" : status;
        metrics.jobRuns.labelValues(m.jobName(), outcome).inc();
        if (retry || !"completed".equals(status)) {
            LOG.info("job {} attempt {} {}: {}", m.jobName(), m.attempt(), outcome, error);
        }
    }

    private void updateRun(String id, Map<String, Object> changes) throws SQLException {
        db.inTransaction(c -> repo.update(c, jobRun, id, changes));
    }

    /** Enqueues scheduled jobs whose cron matches the current minute, at most once per minute per job. */
    public int runSchedules() {
        int n = 0;
        ZonedDateTime minute = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        for (JobSpec j : spec.jobs()) {
            if (j.schedule() == null || j.schedule().cron() == null) {
                continue;
            }
            if (!CronExpression.parse(j.schedule().cron()).matches(minute)) {
                continue;
            }
            String key = SqlTime.store(minute.toInstant());
            try {
                boolean fired = db.inTransaction(c -> {
                    String last = null;
                    try (PreparedStatement ps = c.prepareStatement("SELECT last_minute FROM _dazzle_job_schedule WHERE job_name = ?"
                            + (db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE" : ""))) {
                        ps.setString(1, j.name());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                last = rs.getString(1);
                            }
                        }
                    }
                    if (key.equals(last)) {
                        return false;
                    }
                    String sql = last == null ? "INSERT INTO _dazzle_job_schedule (last_minute, job_name) VALUES (?, ?)"
                            : "UPDATE _dazzle_job_schedule SET last_minute = ? WHERE job_name = ?";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, key);
                        ps.setString(2, j.name());
                        ps.executeUpdate();
                    }
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("scheduled_at", com.dazzleops.model.json.WireTime.pythonIso(minute.toInstant()).text());
                    submit(c, j.name(), payload);
                    return true;
                });
                if (fired) {
                    n++;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("schedule of {} skipped: {}", j.name(), e.getMessage());
            }
        }
        return n;
    }

    /** Starts the worker loop (poll every 250 ms) and the scheduler tick (every 30 s). */
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        loop = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "dazzle-job-worker");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.warn("job worker tick failed: {}", e.toString());
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(() -> {
            try {
                runSchedules();
            } catch (RuntimeException e) {
                LOG.warn("scheduler tick failed: {}", e.toString());
            }
        }, 1, 30, TimeUnit.SECONDS);
        LOG.info("Job worker started ({} jobs declared, worker {})", spec.jobs().size(), workerId);
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        handlerPool.shutdownNow();
        running.set(false);
    }
}
