package com.dazzleops.server.debug;

import com.dazzleops.model.ops.system.AppHealth;
import com.dazzleops.model.ops.system.DbInfo;
import com.dazzleops.model.ops.system.Diagnostics;
import com.dazzleops.server.auth.AuthService;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.HttpError;
import com.dazzleops.server.http.RouteTable;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.EntitySpec;
import io.javalin.http.Context;

import java.sql.SQLException;

/** The prefix-less system routes: {@code /health}, {@code /spec}, {@code /db-info}, {@code /_diagnostics}. */
public final class SystemRoutes {

    /** The Dazzle framework version whose wire contract this runtime implements. */
    public static final String FRAMEWORK_VERSION = "0.112.0";

    private final AppSpec spec;
    private final Database db;
    private final AuthService auth;
    private final long bootNanos;
    private final DbInfo.MigrationSummary migration;

    public SystemRoutes(AppSpec spec, Database db, AuthService auth, long bootNanos, DbInfo.MigrationSummary migration) {
        this.spec = spec;
        this.db = db;
        this.auth = auth;
        this.bootNanos = bootNanos;
        this.migration = migration;
    }

    public void register(RouteTable r) {
        r.get("/health", ctx -> Http.json(ctx, AppHealth.healthy(spec.name(), FRAMEWORK_VERSION, spec.dslHash(),
                Math.round((System.nanoTime() - bootNanos) / 1e8) / 10.0)));
        r.get("/spec", ctx -> Http.json(ctx, spec.raw()));
        r.get("/db-info", this::dbInfo);
        r.get("/_diagnostics", this::diagnostics);
    }

    private void dbInfo(Context ctx) {
        String url = db.url().original();
        if (url == null) {
            url = "sqlite:///" + db.url().sqlitePath().toAbsolutePath().toString().replaceFirst("^/", "");
        }
        Http.json(ctx, new DbInfo(DbInfo.maskUrl(url), db.dialect().isSqlite() ? "sqlite" : DbInfo.POSTGRESQL,
                spec.entities().stream().map(EntitySpec::name).toList(), migration, true, false, null));
    }

    private void diagnostics(Context ctx) throws SQLException {
        AuthService.AuthUser u = auth.requireUser(ctx);
        if (u.roles().stream().noneMatch(Diagnostics.ADMIN_ROLES::contains)) {
            throw HttpError.detail(403, "Admin role required");
        }
        Http.json(ctx, new Diagnostics(spec.entities().size(), spec.surfaces().size(), spec.workspaceCount(),
                new Diagnostics.Features(true, false, false), new Diagnostics.DatabaseState(db.ping(), 0),
                spec.dslHash(), FRAMEWORK_VERSION));
    }
}
