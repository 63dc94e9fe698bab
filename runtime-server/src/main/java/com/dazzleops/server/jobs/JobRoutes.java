package com.dazzleops.server.jobs;

import com.dazzleops.model.json.EmbeddedJson;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.jobs.JobRun;
import com.dazzleops.model.ops.jobs.JobRunSummary;
import com.dazzleops.model.ops.jobs.JobRunsPage;
import com.dazzleops.model.ops.jobs.JobsStatus;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.entity.EntityRepository;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.Params;
import com.dazzleops.server.http.RouteTable;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.EntitySpec;
import io.javalin.http.Context;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_dazzle/jobs}, {@code /_dazzle/jobs/runs}, {@code /_dazzle/jobs/dead-letter} (mounted when jobs exist). */
public final class JobRoutes {

    private final AppSpec spec;
    private final Database db;
    private final EntitySpec jobRun;

    public JobRoutes(AppSpec spec, Database db) {
        this.spec = spec;
        this.db = db;
        this.jobRun = spec.requireEntity("JobRun");
    }

    public void register(RouteTable r) {
        r.get("/_dazzle/jobs", this::status);
        r.get("/_dazzle/jobs/runs", this::runs);
        r.get("/_dazzle/jobs/dead-letter", this::deadLetter);
    }

    /** Aggregated in SQL; key order = status first seen in creation order, as Dazzle's scan produces. */
    private void status(Context ctx) throws SQLException {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        long[] total = {0};
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*), MIN(created_at) FROM \"JobRun\" GROUP BY status ORDER BY MIN(created_at), status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String s = rs.getString(1);
                    long n = rs.getLong(2);
                    byStatus.merge(s == null ? JobRun.UNKNOWN : s, n, Long::sum);
                    total[0] += n;
                }
            }
            return null;
        });
        long dead = byStatus.getOrDefault(JobRun.DEAD_LETTER, 0L) + byStatus.getOrDefault(JobRun.FAILED, 0L);
        Http.json(ctx, new JobsStatus(spec.jobs().size(), total[0], byStatus, dead));
    }

    private void runs(Context ctx) throws SQLException {
        Params p = Params.of(ctx);
        int limit = p.intParam("limit", 20, 1, 100);
        p.validate();
        Http.json(ctx, page(null, limit));
    }

    private void deadLetter(Context ctx) throws SQLException {
        Params p = Params.of(ctx);
        int limit = p.intParam("limit", 20, 1, 100);
        p.validate();
        Http.json(ctx, page("status IN ('dead_letter', 'failed')", limit));
    }

    private JobRunsPage page(String where, int limit) throws SQLException {
        String w = where == null ? "" : " WHERE " + where;
        return db.withConnection(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM \"JobRun\"" + w); ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<JobRunSummary> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM \"JobRun\"" + w + " ORDER BY created_at DESC, id DESC LIMIT " + limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(JobRunSummary.from(toRecord(EntityRepository.readRow(rs, jobRun))));
                }
            }
            return new JobRunsPage(runs, total, limit);
        });
    }

    /** A stored JobRun row as the shared-model record (timestamps as Pydantic renders them). */
    public static JobRun toRecord(Map<String, Object> row) {
        Object attempt = row.get("attempt_number");
        Object dur = row.get("duration_ms");
        String payload = (String) row.get("payload");
        return new JobRun((String) row.get("id"), (String) row.get("job_name"), (String) row.get("status"),
                attempt == null ? null : ((Number) attempt).intValue(),
                payload == null ? null : EmbeddedJson.ofText(payload), (String) row.get("error_message"),
                time(row.get("started_at")), time(row.get("finished_at")),
                dur == null ? null : ((Number) dur).longValue(), time(row.get("created_at")));
    }

    private static WireTime time(Object stored) {
        return stored == null ? null : WireTime.parse(SqlTime.pydantic(stored.toString()));
    }
}
