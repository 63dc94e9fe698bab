package com.dazzleops.server.seed;

import com.dazzleops.model.json.Wire;
import com.dazzleops.server.auth.AuthService;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.entity.EntityRepository;
import com.dazzleops.server.entity.Values;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spec.FieldSpec;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First-boot demo data: the invoice_ops seed rows ({@code /seed/invoice_ops_demo.json}, in the contract's load
 * order), per-tenant configuration (approval_threshold 10000), and login accounts for every domain user plus a
 * platform superuser. Runs only when the Tenant table is empty.
 */
public final class Seeder {

    private static final Logger LOG = LoggerFactory.getLogger(Seeder.class);
    public static final String DEMO_PASSWORD = "demo";
    public static final String ADMIN_EMAIL = "admin@demo.dazzle.local";
    public static final String ADMIN_ID = "a1000000-0000-4000-8000-0000000000ad";

    private static final Map<String, String> ROLE_BY_TITLE = Map.of(
            "Requester", "requester", "Approver", "approver", "Finance Operator", "finance", "Auditor", "auditor",
            "Tenant Administrator", "tenant_admin", "Finance Administrator", "finance_admin");

    private final AppSpec spec;
    private final Database db;
    private final EntityRepository repo;
    private final AuthService auth;
    private final Clock clock;

    public Seeder(AppSpec spec, Database db, EntityRepository repo, AuthService auth, Clock clock) {
        this.spec = spec;
        this.db = db;
        this.repo = repo;
        this.auth = auth;
        this.clock = clock;
    }

    /** Seeds when empty; returns true when it did. */
    public boolean seedIfEmpty() throws SQLException {
        long tenants = db.withConnection(c -> repo.counts(c).getOrDefault("Tenant", 0L));
        if (tenants > 0) {
            return false;
        }
        JsonNode seed = load();
        int[] rows = {0};
        db.inTransaction(c -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = seed.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> en = it.next();
                EntitySpec e = spec.requireEntity(en.getKey());
                for (JsonNode r : en.getValue()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (FieldSpec f : e.fields()) {
                        JsonNode v = r.get(f.name());
                        try {
                            Object value = v == null || v.isNull() ? null : Values.fromJson(f, v);
                            if (value == null && f.defaultValue() != null && !f.defaultValue().isNull()) {
                                value = Values.fromJson(f, f.defaultValue());
                            }
                            row.put(f.name(), value);
                        } catch (Values.InvalidValue iv) {
                            throw new IllegalStateException("seed row " + e.name() + "." + f.name() + " invalid: " + iv.getMessage());
                        }
                    }
                    repo.insert(c, e, row);
                    rows[0]++;
                }
            }
            for (Map.Entry<String, Map<String, Object>> t : spec.tenantConfigSeed().entrySet()) {
                for (Map.Entry<String, Object> kv : t.getValue().entrySet()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO _dazzle_tenant_config (tenant_id, key, value) VALUES (?,?,?)")) {
                        ps.setString(1, t.getKey());
                        ps.setString(2, kv.getKey());
                        ps.setString(3, String.valueOf(kv.getValue()));
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
        for (JsonNode u : seed.path("User")) {
            String role = ROLE_BY_TITLE.get(u.path("job_title").asText());
            auth.createUser(u.path("id").asText(), u.path("email").asText(), u.path("name").asText(), DEMO_PASSWORD,
                    role == null ? List.of() : List.of(role), false, u.path("tenant_id").asText(null));
        }
        auth.createUser(ADMIN_ID, ADMIN_EMAIL, "Platform Admin", DEMO_PASSWORD, List.of("admin"), true, null);
        LOG.info("Demo seed loaded: {} rows, {} login accounts (password '{}'), seeded at {}", rows[0],
                seed.path("User").size() + 1, DEMO_PASSWORD, SqlTime.store(clock.instant()));
        return true;
    }

    private static JsonNode load() {
        try (InputStream in = Seeder.class.getResourceAsStream("/seed/invoice_ops_demo.json")) {
            if (in == null) {
                throw new IllegalStateException("seed resource /seed/invoice_ops_demo.json is missing");
            }
            return Wire.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the seed: " + e.getMessage(), e);
        }
    }
}
