package com.dazzleops.server.approvals;

import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.Identifiers;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.entity.TransitionGate;
import com.dazzleops.server.metrics.Metrics;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.ApprovalSpec;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spi.Actor;
import com.dazzleops.server.spi.EntityWrite;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Approval blocks enforced on the transition they gate (Invoice submitted → approved): the block whose amount band
 * contains the row (per-tenant {@code approval_threshold}) decides; each approve call records one vote per distinct
 * approver; the transition happens when the block's quorum is reached (StandardApproval 1, HighValueApproval 2), and
 * is held (status unchanged) until then. Rejections need no quorum.
 */
public final class ApprovalService implements TransitionGate {

    private final AppSpec spec;
    private final Database db;
    private final Metrics metrics;
    private final Clock clock;

    public ApprovalService(AppSpec spec, Database db, Metrics metrics, Clock clock) {
        this.spec = spec;
        this.db = db;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<ApprovalSpec> declared() {
        return spec.approvals();
    }

    /** The tenant's configured threshold for a key, or null. */
    public BigDecimal threshold(Connection c, String tenantId, String key) throws SQLException {
        if (tenantId == null || key == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM _dazzle_tenant_config WHERE tenant_id = ? AND key = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new BigDecimal(rs.getString(1)) : null;
            }
        }
    }

    /** The block that governs this row's gated transition, if any. */
    public Optional<ApprovalSpec> blockFor(Connection c, String entity, Map<String, Object> row, EntityWrite.StateChange ch)
            throws SQLException {
        for (ApprovalSpec a : spec.approvals()) {
            if (!a.entity().equals(entity) || a.gates() == null) {
                continue;
            }
            if (!a.gates().from().equals(ch.from()) || !a.gates().to().equals(ch.to())) {
                continue;
            }
            if (a.threshold() == null) {
                return Optional.of(a);
            }
            Object v = row.get(a.threshold().field());
            BigDecimal amount = v == null ? null : new BigDecimal(v.toString());
            BigDecimal limit = threshold(c, (String) row.get("tenant_id"), a.threshold().tenantConfigKey());
            if (a.threshold().applies(amount, limit)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public Decision check(Connection c, EntitySpec entity, Map<String, Object> before, Map<String, Object> merged,
                          EntityWrite.StateChange change, Actor actor) throws SQLException {
        Optional<ApprovalSpec> block = blockFor(c, entity.name(), merged, change);
        if (block.isEmpty()) {
            return Decision.proceed();
        }
        ApprovalSpec a = block.get();
        String entityId = (String) before.get("id");
        if (actor.isSystem()) {
            return Decision.proceed(); // system actors (migrations, fixtures) are not approvers
        }
        String voter = actor.userId();
        if (alreadyVoted(c, a, entity.name(), entityId, voter)) {
            return Decision.deny("Approver " + actor.email() + " has already approved this " + entity.name()
                    + " (" + a.name() + " needs " + a.quorum() + " distinct approvers)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO _dazzle_approval_votes (id, approval_name, entity_name, entity_id, user_id, decision, created_at)"
                + " VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, a.name());
            ps.setString(3, entity.name());
            ps.setString(4, entityId);
            ps.setString(5, voter);
            ps.setString(6, "approve");
            ps.setString(7, SqlTime.store(clock.instant()));
            ps.executeUpdate();
        }
        metrics.approvalVotes.labelValues(a.name(), "approve").inc();
        int votes = votes(c, a, entity.name(), entityId);
        if (votes >= a.quorum()) {
            return Decision.proceed();
        }
        return Decision.hold(a.name() + ": " + votes + " of " + a.quorum() + " approvals recorded; waiting for "
                + (a.quorum() - votes) + " more approver(s)");
    }

    private boolean alreadyVoted(Connection c, ApprovalSpec a, String entity, String id, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM _dazzle_approval_votes WHERE approval_name = ? AND entity_name = ? AND entity_id = ? AND user_id = ?")) {
            ps.setString(1, a.name());
            ps.setString(2, entity);
            ps.setString(3, id);
            ps.setString(4, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Distinct approvals recorded for one row under a block. */
    public int votes(Connection c, ApprovalSpec a, String entity, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT user_id) FROM _dazzle_approval_votes WHERE approval_name = ? AND entity_name = ? AND entity_id = ? AND decision = 'approve'")) {
            ps.setString(1, a.name());
            ps.setString(2, entity);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** One block's pending rows: full count and up to {@code limit} ids, oldest first. */
    public record Pending(long count, List<String> sampleIds) {
    }

    /**
     * Rows waiting in the block's trigger state ({@code status = submitted}) whose amount falls in the block's band.
     */
    public Pending pending(ApprovalSpec a, int limit) throws SQLException {
        EntitySpec e = spec.requireEntity(a.entity());
        String table = Identifiers.quote(e.name());
        String field = Identifiers.quote(a.triggerField());
        StringBuilder where = new StringBuilder(" WHERE t.").append(field).append(" = ?");
        if (a.threshold() != null && e.hasField(a.threshold().field())) {
            String amt = "t." + Identifiers.quote(a.threshold().field());
            String cfg = "(SELECT CAST(value AS NUMERIC) FROM _dazzle_tenant_config WHERE tenant_id = t.\"tenant_id\" AND key = ?)";
            String op = switch (a.threshold().op()) {
                case "<=", "<", ">", ">=" -> a.threshold().op();
                default -> throw new IllegalStateException("bad threshold operator");
            };
            boolean lowBand = op.startsWith("<");
            // no configured threshold: everything is in the standard (low) band
            where.append(" AND (").append(cfg).append(lowBand ? " IS NULL OR " : " IS NOT NULL AND ")
                    .append(amt).append(' ').append(op).append(' ').append(cfg).append(')');
        }
        boolean banded = a.threshold() != null && e.hasField(a.threshold().field());
        return db.withConnection(c -> {
            long count;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " t" + where)) {
                bind(ps, a, banded);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            List<String> ids = new ArrayList<>();
            String order = e.hasField("created_at") ? " ORDER BY t.\"created_at\", t.\"id\"" : " ORDER BY t.\"id\"";
            try (PreparedStatement ps = c.prepareStatement("SELECT t.\"id\" FROM " + table + " t" + where + order + " LIMIT " + limit)) {
                bind(ps, a, banded);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return new Pending(count, ids);
        });
    }

    private static void bind(PreparedStatement ps, ApprovalSpec a, boolean banded) throws SQLException {
        ps.setString(1, a.triggerValue());
        if (banded) {
            ps.setString(2, a.threshold().tenantConfigKey());
            ps.setString(3, a.threshold().tenantConfigKey());
        }
    }
}
