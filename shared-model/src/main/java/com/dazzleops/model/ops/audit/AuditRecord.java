package com.dazzleops.model.ops.audit;

import com.dazzleops.model.json.EmbeddedJson;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of {@code _dazzle_audit_log} as returned verbatim ({@code SELECT *}) by {@code GET /_dazzle/audit/logs}
 * and {@code GET /_dazzle/audit/logs/{entity_name}/{entity_id}} (wire-ops §4.6). Key order = table column order.
 *
 * <p>Quirks: {@code user_roles} is a JSON array <em>inside a string</em> ({@code "[\"role_admin\"]"},
 * {@code "[]"} without a user) and {@code field_changes} a JSON object inside a string (keys sorted, Python default
 * separators {@code ", "}/{@code ": "}); both are {@link EmbeddedJson} so they decode on read and are re-sent as the
 * same string. {@code timestamp} is text in the database, written as Python {@code isoformat()} with {@code +00:00}.
 * {@code row_hash} is present whenever the column exists (always, from our server); older tables lack it.
 *
 * @param id UUID4 string
 * @param timestamp UTC {@code isoformat()}
 * @param userId actor's user id, nullable
 * @param userEmail nullable
 * @param userRoles JSON array in a string
 * @param operation {@code list}, {@code read}, {@code create}, {@code update}, {@code delete}, ...
 * @param entityName entity
 * @param entityId nullable (null for list/create)
 * @param decision {@code allow} or {@code deny}
 * @param matchedPolicy the matched rule's description, may be {@code ""}
 * @param policyEffect {@code permit}, {@code forbid}, {@code default}, {@code scope}, ..., may be {@code ""}
 * @param ipAddress nullable
 * @param requestPath nullable
 * @param requestMethod nullable
 * @param tenantId nullable (null on the CRUD path)
 * @param evaluationTimeUs policy evaluation time in µs, nullable
 * @param fieldChanges JSON object in a string {@code {"<field>": {"old": v, "new": v}}}, nullable
 * @param rowHash 64 hex chars in {@code hash_chain} mode, else null
 */
public record AuditRecord(String id, WireTime timestamp, String userId, String userEmail, EmbeddedJson userRoles,
                          String operation, String entityName, String entityId, String decision, String matchedPolicy,
                          String policyEffect, String ipAddress, String requestPath, String requestMethod,
                          String tenantId, Long evaluationTimeUs, EmbeddedJson fieldChanges, String rowHash) {

    public static final String ALLOW = "allow";
    public static final String DENY = "deny";

    /** The roles decoded from {@code user_roles}; empty when absent or not a JSON array of strings. */
    public List<String> roles() {
        if (userRoles == null || !userRoles.value().isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        userRoles.value().forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return Collections.unmodifiableList(out);
    }

    /** The decoded {@code field_changes}, field → old/new, in the order sent; empty when absent or undecodable. */
    public Map<String, FieldChange> changes() {
        if (fieldChanges == null || !fieldChanges.value().isObject()) {
            return Map.of();
        }
        Map<String, FieldChange> out = new LinkedHashMap<>();
        fieldChanges.value().fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            out.put(e.getKey(), new FieldChange(v.get("old"), v.get("new")));
        });
        return Collections.unmodifiableMap(out);
    }

    public boolean isDenied() {
        return DENY.equals(decision);
    }

    /** {@code user_roles} as Dazzle writes it: {@code json.dumps(list)} (Python default separators). */
    public static EmbeddedJson encodeRoles(List<String> roles) {
        return EmbeddedJson.ofText(pythonDumps(Wire.mapper().valueToTree(roles == null ? List.of() : roles), false));
    }

    /**
     * {@code field_changes} as Dazzle writes it: {@code json.dumps(changes, sort_keys=True)} (keys sorted at every
     * level, Python default separators {@code ", "} and {@code ": "}, non-ASCII escaped).
     */
    public static EmbeddedJson encodeFieldChanges(Map<String, FieldChange> changes) {
        Map<String, Object> m = new TreeMap<>();
        changes.forEach((k, v) -> {
            Map<String, Object> ov = new LinkedHashMap<>();
            ov.put("old", v.oldValue());
            ov.put("new", v.newValue());
            m.put(k, ov);
        });
        return EmbeddedJson.ofText(pythonDumps(Wire.mapper().valueToTree(m), true));
    }

    /** Python's {@code json.dumps(value, sort_keys=sortKeys)}: see {@link com.dazzleops.model.json.PythonJson}. */
    public static String pythonDumps(JsonNode node, boolean sortKeys) {
        return com.dazzleops.model.json.PythonJson.dumps(node, sortKeys);
    }

    /**
     * One entry of {@code field_changes}.
     *
     * @param oldValue the value before (JSON {@code null} as a null node or Java null)
     * @param newValue the value after
     */
    public record FieldChange(JsonNode oldValue, JsonNode newValue) {
        /** Convenience for writers: plain Java values converted to JSON. */
        public static FieldChange of(Object oldValue, Object newValue) {
            return new FieldChange(Wire.mapper().valueToTree(oldValue), Wire.mapper().valueToTree(newValue));
        }
    }
}
