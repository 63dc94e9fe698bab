package com.dazzleops.server.entity;

import com.dazzleops.model.errors.ErrorBody;
import com.dazzleops.model.errors.ValidationIssue;
import com.dazzleops.model.json.Wire;
import com.dazzleops.server.audit.AuditLog;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.metrics.Metrics;
import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spec.FieldSpec;
import com.dazzleops.server.spec.StateMachineSpec;
import com.dazzleops.server.spec.TransitionSpec;
import com.dazzleops.server.spi.Actor;
import com.dazzleops.server.spi.EntityWrite;
import com.dazzleops.server.spi.EntityWriteHook;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Entity reads and writes with Dazzle's semantics: permit rules per operation (role any-of, superuser bypass), tenant
 * scope, field validation, state machines with role and non-empty guards, transition gates (approvals), an audit
 * entry per write (and per denial), and the registered in-transaction hooks. Each write is one transaction.
 */
public final class EntityService {

    private static final Logger LOG = LoggerFactory.getLogger(EntityService.class);

    private final AppSpec spec;
    private final Database db;
    private final EntityRepository repo;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;
    private final List<EntityWriteHook> hooks = new CopyOnWriteArrayList<>();
    private final List<TransitionGate> gates = new CopyOnWriteArrayList<>();

    public EntityService(AppSpec spec, Database db, EntityRepository repo, AuditLog audit, Metrics metrics, Clock clock) {
        this.spec = spec;
        this.db = db;
        this.repo = repo;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void addHook(EntityWriteHook hook) {
        hooks.add(Objects.requireNonNull(hook));
    }

    public void addGate(TransitionGate gate) {
        gates.add(Objects.requireNonNull(gate));
    }

    public AppSpec spec() {
        return spec;
    }

    public EntityRepository repository() {
        return repo;
    }

    /** Result of an update: the row as stored, and the hold message when a gate kept the transition waiting. */
    public record UpdateResult(Map<String, Object> row, Optional<String> held) {
    }

    // ------------------------------------------------------------------ reads

    public Map<String, Object> get(Actor actor, String entity, String id, RequestInfo req) throws SQLException {
        EntitySpec e = entity(entity);
        permit(actor, e, "read", req, id);
        Map<String, Object> row = db.withConnection(c -> repo.get(c, e, id, scope(actor, e)));
        if (row == null) {
            throw new EntityException(404, ErrorBody.of("Not found"), entity + " " + id + " not found");
        }
        return row;
    }

    public EntityRepository.Page list(Actor actor, String entity, ListQuery q, RequestInfo req) throws SQLException {
        EntitySpec e = entity(entity);
        permit(actor, e, "list", req, null);
        return db.withConnection(c -> repo.list(c, e, q, scope(actor, e)));
    }

    // ------------------------------------------------------------------ writes

    public Map<String, Object> create(Actor actor, String entity, JsonNode body, RequestInfo req) throws SQLException {
        EntitySpec e = entity(entity);
        long t0 = System.nanoTime();
        String policy = permit(actor, e, "create", req, null);
        long evalUs = (System.nanoTime() - t0) / 1000;
        if (body == null || !body.isObject()) {
            throw new EntityException(422, ErrorBody.validation(new ValidationIssue("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", body == null ? null : body.toString(), null)),
                    "body is not an object");
        }
        Instant now = clock.instant();
        Map<String, Object> row = new LinkedHashMap<>();
        List<ValidationIssue> issues = new ArrayList<>();
        for (FieldSpec f : e.fields()) {
            JsonNode v = body.get(f.name());
            Object value = null;
            if (v != null && !v.isNull()) {
                try {
                    value = Values.fromJson(f, v);
                } catch (Values.InvalidValue iv) {
                    issues.add(iv.issue());
                    continue;
                }
            }
            if (value == null) {
                value = defaultValue(f, now);
            }
            if (f.pk() && value == null) {
                value = UUID.randomUUID().toString();
            }
            if (value == null && f.autoOnCreate()) {
                value = SqlTime.store(now);
            }
            if (f.autoOnUpdate()) {
                value = SqlTime.store(now);
            }
            row.put(f.name(), value);
        }
        if (e.tenantScoped() && !actor.superuser() && actor.tenantId() != null && e.hasField("tenant_id")) {
            row.put("tenant_id", actor.tenantId()); // tenant-scoped creates take tenant_id from the session
        }
        for (FieldSpec f : e.fields()) {
            if (f.required() && row.get(f.name()) == null && issues.stream().noneMatch(i -> i.param().equals(f.name()))) {
                issues.add(new ValidationIssue("missing", List.of("body", f.name()), "Field required", Wire.mapper().convertValue(body, Map.class), null));
            }
        }
        if (!issues.isEmpty()) {
            throw new EntityException(422, ErrorBody.validation(issues), "invalid " + entity);
        }
        e.stateMachine().ifPresent(sm -> {
            Object st = row.get(sm.field());
            if (st == null) {
                row.put(sm.field(), sm.initial());
            }
        });
        Map<String, Object> stored = Collections.unmodifiableMap(row);
        List<Runnable> after = new ArrayList<>();
        db.inTransaction(c -> {
            after.clear();
            repo.insert(c, e, stored);
            Map<String, Object[]> changes = new LinkedHashMap<>();
            for (Map.Entry<String, Object> en : stored.entrySet()) {
                if (en.getValue() != null) {
                    changes.put(en.getKey(), new Object[]{null, en.getValue()});
                }
            }
            audit.write(c, new AuditLog.Entry(actor, "create", e.name(), (String) stored.get("id"), true, policy, effect(policy),
                    req, tenantOf(stored), evalUs, changes));
            runHooks(new EntityWrite(c, db.dialect(), e.name(), EntityWrite.Operation.CREATE, null, stored,
                    Optional.empty(), actor, now, after::add));
            return null;
        });
        committed(e, "create", after);
        return stored;
    }

    public UpdateResult update(Actor actor, String entity, String id, JsonNode body, RequestInfo req) throws SQLException {
        EntitySpec e = entity(entity);
        long t0 = System.nanoTime();
        String policy = permit(actor, e, "update", req, id);
        long evalUs = (System.nanoTime() - t0) / 1000;
        if (body == null || !body.isObject()) {
            throw new EntityException(422, ErrorBody.validation(new ValidationIssue("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", body == null ? null : body.toString(), null)),
                    "body is not an object");
        }
        Map<String, Object> parsed = new LinkedHashMap<>();
        List<ValidationIssue> issues = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ((ObjectNode) body).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> en = it.next();
            Optional<FieldSpec> f = e.field(en.getKey());
            if (f.isEmpty() || f.get().pk() || en.getKey().equals("tenant_id") || "on_create".equals(f.get().auto())) {
                continue; // unknown and immutable keys are ignored, as Pydantic's update models do
            }
            try {
                Object v = Values.fromJson(f.get(), en.getValue());
                if (v == null && f.get().required()) {
                    issues.add(new ValidationIssue("missing", List.of("body", en.getKey()), "Field required", null, null));
                    continue;
                }
                parsed.put(en.getKey(), v);
            } catch (Values.InvalidValue iv) {
                issues.add(iv.issue());
            }
        }
        if (!issues.isEmpty()) {
            throw new EntityException(422, ErrorBody.validation(issues), "invalid " + entity);
        }
        Instant now = clock.instant();
        List<Runnable> after = new ArrayList<>();
        String[] heldMsg = {null};
        List<AuditLog.Entry> denials = new ArrayList<>();
        Map<String, Object> result;
        try {
        result = db.inTransaction(c -> {
            after.clear();
            denials.clear();
            heldMsg[0] = null;
            Map<String, Object> before = repo.get(c, e, id, scope(actor, e));
            if (before == null) {
                throw new EntityException(404, ErrorBody.of("Not found"), entity + " " + id + " not found");
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            for (Map.Entry<String, Object> en : parsed.entrySet()) {
                if (!Objects.equals(before.get(en.getKey()), en.getValue())) {
                    changes.put(en.getKey(), en.getValue());
                }
            }
            Optional<EntityWrite.StateChange> transition = Optional.empty();
            Optional<StateMachineSpec> sm = e.stateMachine();
            if (sm.isPresent() && changes.containsKey(sm.get().field())) {
                String from = (String) before.get(sm.get().field());
                String to = (String) changes.get(sm.get().field());
                Map<String, Object> merged = new LinkedHashMap<>(before);
                merged.putAll(changes);
                TransitionSpec t = sm.get().find(from, to).orElse(null);
                String why = null;
                if (t == null) {
                    why = "Invalid transition from '" + from + "' to '" + to + "'";
                } else if (!actor.superuser() && !t.roles().isEmpty() && t.roles().stream().noneMatch(actor::hasRole)) {
                    why = "Transition '" + from + "' -> '" + to + "' requires role: " + String.join(" or ", t.roles());
                } else {
                    for (String req2 : t.requiresNonEmpty()) {
                        Object v = merged.get(req2);
                        if (v == null || v.toString().isEmpty()) {
                            why = "Transition '" + from + "' -> '" + to + "' requires " + req2 + " to be set";
                            break;
                        }
                    }
                }
                if (why != null) {
                    denials.add(denial(actor, e, id, req, "state_machine", why));
                    throw new EntityException(422, ErrorBody.of(why), why);
                }
                EntityWrite.StateChange ch = new EntityWrite.StateChange(sm.get().field(), from, to);
                for (TransitionGate g : gates) {
                    TransitionGate.Decision d = g.check(c, e, before, merged, ch, actor);
                    if (d.kind() == TransitionGate.Decision.Kind.DENY) {
                        denials.add(denial(actor, e, id, req, "approval", d.message()));
                        throw new EntityException(422, ErrorBody.of(d.message()), d.message());
                    }
                    if (d.kind() == TransitionGate.Decision.Kind.HOLD) {
                        heldMsg[0] = d.message();
                    }
                }
                if (heldMsg[0] != null) {
                    changes.remove(sm.get().field());
                } else {
                    transition = Optional.of(ch);
                }
            }
            if (changes.isEmpty() && heldMsg[0] == null) {
                return before; // no-op update (e.g. status set to its current value) passes
            }
            for (FieldSpec f : e.fields()) {
                if (f.autoOnUpdate() && !changes.isEmpty()) {
                    changes.put(f.name(), SqlTime.store(now));
                }
            }
            Map<String, Object> afterRow = new LinkedHashMap<>(before);
            afterRow.putAll(changes);
            Map<String, Object> stored = Collections.unmodifiableMap(afterRow);
            if (!changes.isEmpty()) {
                repo.update(c, e, id, changes);
            }
            Map<String, Object[]> fc = new LinkedHashMap<>();
            for (Map.Entry<String, Object> en : changes.entrySet()) {
                fc.put(en.getKey(), new Object[]{before.get(en.getKey()), en.getValue()});
            }
            audit.write(c, new AuditLog.Entry(actor, "update", e.name(), id, true, policy, effect(policy), req,
                    tenantOf(stored), evalUs, fc));
            if (!changes.isEmpty()) {
                runHooks(new EntityWrite(c, db.dialect(), e.name(), EntityWrite.Operation.UPDATE, before, stored,
                        transition, actor, now, after::add));
            }
            return stored;
        });
        } catch (EntityException ex) {
            for (AuditLog.Entry d : denials) {
                try {
                    audit.writeStandalone(d);
                } catch (RuntimeException ae) {
                    LOG.warn("could not audit a denial: {}", ae.getMessage());
                }
            }
            throw ex;
        }
        committed(e, "update", after);
        return new UpdateResult(result, Optional.ofNullable(heldMsg[0]));
    }

    public void delete(Actor actor, String entity, String id, RequestInfo req) throws SQLException {
        EntitySpec e = entity(entity);
        String policy = permit(actor, e, "delete", req, id);
        Instant now = clock.instant();
        List<Runnable> after = new ArrayList<>();
        db.inTransaction(c -> {
            after.clear();
            Map<String, Object> before = repo.get(c, e, id, scope(actor, e));
            if (before == null) {
                throw new EntityException(404, ErrorBody.of("Not found"), entity + " " + id + " not found");
            }
            repo.delete(c, e, id);
            audit.write(c, new AuditLog.Entry(actor, "delete", e.name(), id, true, policy, effect(policy), req,
                    tenantOf(before), null, null));
            runHooks(new EntityWrite(c, db.dialect(), e.name(), EntityWrite.Operation.DELETE, before, null,
                    Optional.empty(), actor, now, after::add));
            return null;
        });
        committed(e, "delete", after);
    }

    // ------------------------------------------------------------------ helpers

    private void runHooks(EntityWrite w) throws SQLException {
        for (EntityWriteHook h : hooks) {
            h.onWrite(w);
        }
    }

    private void committed(EntitySpec e, String op, List<Runnable> after) {
        metrics.entityWrites.labelValues(e.name(), op).inc();
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException ex) {
                LOG.warn("after-commit task failed for {} {}: {}", op, e.name(), ex.toString());
            }
        }
    }

    public EntitySpec entity(String name) {
        return spec.entity(name).orElseThrow(() -> new EntityException(404, ErrorBody.notFound(), "no entity " + name));
    }

    /** The row filter for this actor: tenant scope for tenant-scoped entities, none for superusers/system. */
    public EntityRepository.Scope scope(Actor actor, EntitySpec e) {
        if (actor.superuser() || actor.tenantId() == null) {
            return EntityRepository.Scope.NONE;
        }
        if (e.tenantRoot()) {
            return new EntityRepository.Scope("id", actor.tenantId());
        }
        if (e.tenantScoped() && e.hasField("tenant_id")) {
            return new EntityRepository.Scope("tenant_id", actor.tenantId());
        }
        return EntityRepository.Scope.NONE;
    }

    /** Checks the permit rule; returns the matched policy text; throws 403 (and audits the denial) otherwise. */
    private String permit(Actor actor, EntitySpec e, String op, RequestInfo req, String id) {
        if (actor.superuser()) {
            return "superuser_bypass";
        }
        List<String> roles = e.permitted(op);
        if (roles.contains("*")) {
            return "authenticated";
        }
        for (String r : roles) {
            if (actor.hasRole(r)) {
                return "permit " + op + " for [" + String.join(", ", roles) + "]";
            }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("error", "forbidden");
        detail.put("message", "You don't have permission to " + op + " " + e.name() + ".");
        detail.put("entity", e.name());
        detail.put("operation", op);
        detail.put("permitted_personas", roles);
        detail.put("current_roles", actor.roles());
        try {
            audit.writeStandalone(new AuditLog.Entry(actor, op, e.name(), id, false, "default_deny", "default", req,
                    actor.tenantId(), null, null));
        } catch (RuntimeException ex) {
            LOG.warn("could not audit a denial: {}", ex.getMessage());
        }
        throw new EntityException(403, new ErrorBody(Wire.mapper().valueToTree(detail)), "forbidden");
    }

    /** A denial entry, written after the business transaction rolled back (never inside it: SQLite has one writer). */
    private static AuditLog.Entry denial(Actor actor, EntitySpec e, String id, RequestInfo req, String policy, String why) {
        return new AuditLog.Entry(actor, "update", e.name(), id, false, policy + ": " + why, "forbid", req,
                actor.tenantId(), null, null);
    }

    private static String effect(String policy) {
        return "permit";
    }

    private static String tenantOf(Map<String, Object> row) {
        Object t = row.get("tenant_id");
        return t == null ? null : t.toString();
    }

    private static Object defaultValue(FieldSpec f, Instant now) {
        JsonNode d = f.defaultValue();
        if (d == null || d.isNull()) {
            return null;
        }
        if ("now()".equals(d.asText(null))) {
            return SqlTime.store(now);
        }
        try {
            return Values.fromJson(f, d);
        } catch (Values.InvalidValue e) {
            return null;
        }
    }
}
