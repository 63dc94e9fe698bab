package com.dazzleops.server.debug;

import com.dazzleops.model.ops.debug.DazzleHealth;
import com.dazzleops.model.ops.debug.DazzleStats;
import com.dazzleops.model.ops.debug.DebugSpec;
import com.dazzleops.model.ops.debug.EntityDetail;
import com.dazzleops.model.ops.debug.EntityError;
import com.dazzleops.model.ops.debug.FieldDescriptor;
import com.dazzleops.model.ops.debug.Live;
import com.dazzleops.model.ops.debug.Ready;
import com.dazzleops.model.ops.debug.Tables;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.Dialect;
import com.dazzleops.server.db.Identifiers;
import com.dazzleops.server.entity.EntityRepository;
import com.dazzleops.server.entity.Values;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.RouteTable;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spec.FieldSpec;
import io.javalin.http.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /_dazzle/health, live, ready, stats, spec, entity/{name}, tables}: Dazzle's debug routes, 200 with in-band
 * status everywhere except a failing table catalog (500).
 */
public final class DebugRoutes {

    private final AppSpec spec;
    private final Database db;
    private final EntityRepository repo;
    private final Readiness readiness;
    private final Clock clock;
    private final long bootNanos;
    private final Map<String, Boolean> fts;

    public DebugRoutes(AppSpec spec, Database db, EntityRepository repo, Readiness readiness, Clock clock, long bootNanos,
                       Map<String, Boolean> fts) {
        this.spec = spec;
        this.db = db;
        this.repo = repo;
        this.readiness = readiness;
        this.clock = clock;
        this.bootNanos = bootNanos;
        this.fts = fts;
    }

    public void register(RouteTable r) {
        r.get("/_dazzle/health", this::health);
        r.get("/_dazzle/live", ctx -> Http.json(ctx, Live.ok()));
        r.get("/_dazzle/ready", ctx -> Http.json(ctx, readiness.ready()));
        r.get("/_dazzle/stats", this::stats);
        r.get("/_dazzle/spec", ctx -> Http.json(ctx, DebugSpec.of(spec.name(), spec.title(),
                spec.entities().stream().map(EntitySpec::name).toList(), spec.surfaces())));
        r.get("/_dazzle/entity/{entity_name}", this::entity);
        r.get("/_dazzle/tables", this::tables);
    }

    private void health(Context ctx) {
        LocalDateTime local = LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault());
        Http.json(ctx, db.ping() ? DazzleHealth.ok(local) : DazzleHealth.degraded(local));
    }

    /**
     * Counts come from {@code _dazzle_entity_counts}, maintained in the same transaction as every insert and delete,
     * so they are exact as of the last commit and cost one small read instead of a scan per table.
     */
    private void stats(Context ctx) throws SQLException {
        Map<String, Long> counts = db.withConnection(repo::counts);
        List<DazzleStats.EntityCount> list = new ArrayList<>();
        for (EntitySpec e : spec.entities()) {
            list.add(new DazzleStats.EntityCount(e.name(), counts.getOrDefault(e.name(), 0L), fts.getOrDefault(e.name(), false)));
        }
        double uptime = (System.nanoTime() - bootNanos) / 1e9;
        Http.json(ctx, DazzleStats.of(spec.name(), spec.title(), uptime, list));
    }

    private void entity(Context ctx) throws SQLException {
        String name = ctx.pathParam("entity_name");
        if (!Identifiers.isValid(name) || !EntityError.VALID_NAME.matcher(name).matches()) {
            Http.json(ctx, EntityError.invalidName());
            return;
        }
        EntitySpec e = spec.entity(name).orElse(null);
        if (e == null) {
            Http.json(ctx, EntityError.notFound(name));
            return;
        }
        List<FieldDescriptor> fields = new ArrayList<>();
        for (FieldSpec f : e.fields()) {
            boolean hasMax = "str".equals(f.type()) && f.maxLength() != null;
            fields.add(new FieldDescriptor(f.name(), f.dazzleTypeString(), f.required(), f.unique() || f.pk(), f.indexed(),
                    hasMax ? f.maxLength() : null, f.sensitive() ? Boolean.TRUE : null));
        }
        long count = 0;
        List<Map<String, Object>> sample = new ArrayList<>();
        try (Connection c = db.connection()) {
            count = repo.counts(c).getOrDefault(e.name(), 0L);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM " + Identifiers.quote(e.name()) + " LIMIT " + EntityDetail.SAMPLE_LIMIT)) {
                while (rs.next()) {
                    Map<String, Object> row = EntityRepository.readRow(rs, e);
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (FieldSpec f : e.fields()) {
                        out.put(f.name(), Values.toJsonable(f, row.get(f.name())));
                    }
                    sample.add(out);
                }
            }
        } catch (SQLException ex) {
            sample = List.of(); // Dazzle: count 0 / sample [] on error
        }
        Http.json(ctx, new EntityDetail(e.name(), e.label(), e.description(), fields, count, sample));
    }

    private void tables(Context ctx) throws SQLException {
        List<String> names = new ArrayList<>();
        db.withConnection(c -> {
            String sql = db.dialect() == Dialect.SQLITE
                    ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return null;
        });
        names.sort(null); // byte order, as the catalog's C collation lists them
        List<Tables.TableCount> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            for (String n : names) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM \"" + n.replace("\"", "\"\"") + "\"");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(Tables.TableCount.of(n, rs.getLong(1)));
                } catch (SQLException ex) {
                    out.add(Tables.TableCount.unreadable(n));
                }
            }
        }
        Http.json(ctx, new Tables(out));
    }
}
