package com.dazzleops.server.audit;

import com.dazzleops.model.json.EmbeddedJson;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.audit.AuditLogs;
import com.dazzleops.model.ops.audit.AuditRecord;
import com.dazzleops.model.ops.audit.AuditStats;
import com.dazzleops.server.auth.AuthService;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.HttpError;
import com.dazzleops.server.http.Params;
import com.dazzleops.server.http.RouteTable;
import com.dazzleops.server.db.SqlTime;
import io.javalin.http.Context;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /_dazzle/audit/logs}, {@code /logs/{entity}/{id}}, {@code /stats}. Order of checks as Dazzle: session
 * (401) → query validation (422) → superuser (403 "Admin access required").
 */
public final class AuditRoutes {

    private final AuditLog log;
    private final AuthService auth;
    private final Clock clock;

    public AuditRoutes(AuditLog log, AuthService auth, Clock clock) {
        this.log = log;
        this.auth = auth;
        this.clock = clock;
    }

    public void register(RouteTable r) {
        r.get("/_dazzle/audit/logs", this::logs);
        r.get("/_dazzle/audit/logs/{entity_name}/{entity_id}", this::entityLogs);
        r.get("/_dazzle/audit/stats", this::stats);
    }

    private AuthService.AuthUser session(Context ctx) throws SQLException {
        return auth.requireUser(ctx);
    }

    private static void superuser(AuthService.AuthUser u) {
        if (!u.superuser()) {
            throw HttpError.detail(403, "Admin access required");
        }
    }

    private void logs(Context ctx) throws SQLException {
        AuthService.AuthUser u = session(ctx);
        Params p = Params.of(ctx);
        String entity = p.stringParam("entity", true);
        String operation = p.stringParam("operation", true);
        String userId = p.stringParam("user_id", true);
        String since = p.stringParam("since", true);
        int limit = p.intParam("limit", 100, 1, 1000);
        p.validate();
        superuser(u);
        Http.json(ctx, AuditLogs.of(records(log.query(entity, operation, userId, since, limit))));
    }

    private void entityLogs(Context ctx) throws SQLException {
        AuthService.AuthUser u = session(ctx);
        Params p = Params.of(ctx);
        int limit = p.intParam("limit", 100, 1, 1000);
        p.validate();
        superuser(u);
        Http.json(ctx, AuditLogs.of(records(log.forEntity(ctx.pathParam("entity_name"), ctx.pathParam("entity_id"), limit))));
    }

    private void stats(Context ctx) throws SQLException {
        AuthService.AuthUser u = session(ctx);
        Params p = Params.of(ctx);
        String entity = p.stringParam("entity", true);
        int window = p.intParam("window", 24, 1, 720);
        p.validate();
        superuser(u);
        String start = WireTime.pythonIso(clock.instant().minus(Duration.ofHours(window))).text();
        Map<String, Map<String, Long>> s = log.stats(entity, start);
        Http.json(ctx, AuditStats.of(window, s.get("decision"), s.get("operation")));
    }

    /** Rows verbatim in column order; timestamps rendered as Dazzle stores them (isoformat, {@code +00:00}). */
    static List<AuditRecord> records(List<Map<String, Object>> rows) {
        List<AuditRecord> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String ts = (String) r.get("timestamp");
            Object eval = r.get("evaluation_time_us");
            out.add(new AuditRecord((String) r.get("id"), ts == null ? null : WireTime.parse(SqlTime.pythonIso(ts)),
                    (String) r.get("user_id"), (String) r.get("user_email"), text(r.get("user_roles")),
                    (String) r.get("operation"), (String) r.get("entity_name"), (String) r.get("entity_id"),
                    (String) r.get("decision"), (String) r.get("matched_policy"), (String) r.get("policy_effect"),
                    (String) r.get("ip_address"), (String) r.get("request_path"), (String) r.get("request_method"),
                    (String) r.get("tenant_id"), eval == null ? null : ((Number) eval).longValue(),
                    text(r.get("field_changes")), (String) r.get("row_hash")));
        }
        return out;
    }

    private static EmbeddedJson text(Object o) {
        return o == null ? null : EmbeddedJson.ofText(o.toString());
    }
}
