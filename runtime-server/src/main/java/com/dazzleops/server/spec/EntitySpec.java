package com.dazzleops.server.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One entity of the AppSpec: fields in declaration order, optional state machine, permit rules, tenancy.
 */
public final class EntitySpec {

    private static final ObjectMapper M = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final String name;
    private final String label;
    private final String description;
    private final boolean framework;
    private final boolean tenantScoped;
    private final boolean tenantRoot;
    private final List<FieldSpec> fields;
    private final Map<String, FieldSpec> byName;
    private final StateMachineSpec stateMachine;
    private final Map<String, List<String>> permit;
    private final List<String> listFilters;
    private final List<String> searchFields;

    private EntitySpec(JsonNode n) {
        this.name = n.path("name").asText();
        if (!com.dazzleops.server.db.Identifiers.isValid(name)) {
            throw new IllegalArgumentException("entity name \"" + name + "\" is not a valid identifier");
        }
        this.label = n.hasNonNull("label") ? n.get("label").asText() : null;
        this.description = n.hasNonNull("description") ? n.get("description").asText() : null;
        this.framework = n.path("framework").asBoolean(false);
        this.tenantScoped = n.path("tenant_scoped").asBoolean(false);
        this.tenantRoot = n.path("tenant_root").asBoolean(false);
        List<FieldSpec> fs = new ArrayList<>();
        for (JsonNode f : n.path("fields")) {
            FieldSpec spec = M.convertValue(f, FieldSpec.class);
            if (!com.dazzleops.server.db.Identifiers.isValid(spec.name())) {
                throw new IllegalArgumentException("field " + name + "." + spec.name() + " is not a valid identifier");
            }
            fs.add(spec);
        }
        this.fields = List.copyOf(fs);
        Map<String, FieldSpec> m = new LinkedHashMap<>();
        fields.forEach(f -> m.put(f.name(), f));
        this.byName = Collections.unmodifiableMap(m);
        if (!byName.containsKey("id")) {
            throw new IllegalArgumentException("entity " + name + " has no id field");
        }
        this.stateMachine = n.hasNonNull("state_machine") ? M.convertValue(n.get("state_machine"), StateMachineSpec.class) : null;
        Map<String, List<String>> p = new LinkedHashMap<>();
        n.path("permit").fields().forEachRemaining(e -> {
            List<String> roles = new ArrayList<>();
            e.getValue().forEach(r -> roles.add(r.asText()));
            p.put(e.getKey(), List.copyOf(roles));
        });
        this.permit = Collections.unmodifiableMap(p);
        List<String> lf = new ArrayList<>();
        n.path("list_filters").forEach(x -> lf.add(x.asText()));
        this.listFilters = List.copyOf(lf);
        List<String> sf = new ArrayList<>();
        n.path("search_fields").forEach(x -> sf.add(x.asText()));
        this.searchFields = List.copyOf(sf);
    }

    static EntitySpec fromJson(JsonNode n) {
        return new EntitySpec(n);
    }

    public String name() {
        return name;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public boolean framework() {
        return framework;
    }

    public boolean tenantScoped() {
        return tenantScoped;
    }

    public boolean tenantRoot() {
        return tenantRoot;
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    public Optional<FieldSpec> field(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean hasField(String name) {
        return byName.containsKey(name);
    }

    public Optional<StateMachineSpec> stateMachine() {
        return Optional.ofNullable(stateMachine);
    }

    /**
     * Roles permitted for an operation (create, read, list, update, delete); {@code ["*"]} = any authenticated user.
     * Empty when nothing is permitted; absent operation = nothing permitted.
     */
    public List<String> permitted(String operation) {
        return permit.getOrDefault(operation, List.of());
    }

    /** The bare query filters the list surface declares (e.g. JobRun: job_name, status). */
    public List<String> listFilters() {
        return listFilters;
    }

    public List<String> searchFields() {
        return searchFields;
    }

    /** The un-prefixed REST collection path segment: lower-cased name plus "s" ({@code JobRun} → {@code jobruns}). */
    public String collectionSlug() {
        return name.toLowerCase(Locale.ROOT) + "s";
    }

    @Override
    public String toString() {
        return "EntitySpec[" + name + "]";
    }
}
