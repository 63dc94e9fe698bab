package com.dazzleops.model.ops;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.audit.AuditLogs;
import com.dazzleops.model.ops.audit.AuditRecord;
import com.dazzleops.model.ops.audit.AuditStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit logs and stats: JSON inside strings, timestamps, auth answers. */
class AuditRecordsTest {

    static String body(String resource) {
        return Fixtures.body("ops/" + resource).stripTrailing();
    }

    @Test
    void userRolesAndFieldChangesDecodeFromTheirStrings() {
        AuditLogs logs = Wire.read(body("audit-logs/example.json"), AuditLogs.class);
        AuditRecord r = logs.logs().get(0);
        assertThat(logs.count()).isEqualTo(1);
        assertThat(r.roles()).containsExactly("role_approver");
        assertThat(r.userRoles().isText()).isTrue();
        assertThat(r.userRoles().rawText()).contains("[\"role_approver\"]");
        Map<String, AuditRecord.FieldChange> changes = r.changes();
        assertThat(changes).containsOnlyKeys("status");
        assertThat(changes.get("status").oldValue().asText()).isEqualTo("submitted");
        assertThat(changes.get("status").newValue().asText()).isEqualTo("approved");
        assertThat(r.timestamp().toInstant()).isEqualTo(Instant.parse("2026-05-22T09:14:03.512907Z"));
        assertThat(r.timestamp().style()).isEqualTo(WireTime.Style.PYTHON_ISO);
        assertThat(r.evaluationTimeUs()).isEqualTo(87L);
        assertThat(r.rowHash()).isNull();
        assertThat(r.isDenied()).isFalse();
    }

    @Test
    void serverEncodersWritePythonJsonDumpsText() {
        AuditLogs logs = Wire.read(body("audit-logs/by-entity.json"), AuditLogs.class);
        AuditRecord deny = logs.logs().get(0);
        AuditRecord anon = logs.logs().get(1);
        assertThat(AuditRecord.encodeRoles(List.of("role_clerk", "role_viewer"))).isEqualTo(deny.userRoles());
        assertThat(AuditRecord.encodeRoles(List.of()).rawText()).contains("[]");
        assertThat(anon.roles()).isEmpty();
        // keys sorted, ", " / ": " separators, non-ASCII escaped as Python's ensure_ascii does
        Map<String, AuditRecord.FieldChange> changes = new LinkedHashMap<>();
        changes.put("total", AuditRecord.FieldChange.of(1250.0, 1300.5));
        changes.put("note", AuditRecord.FieldChange.of(null, "caf\u00e9 \u2014 ok"));
        assertThat(AuditRecord.encodeFieldChanges(changes)).isEqualTo(anon.fieldChanges());
        assertThat(anon.fieldChanges().rawText().orElseThrow())
                .isEqualTo("{\"note\": {\"new\": \"caf\\u00e9 \\u2014 ok\", \"old\": null}, "
                        + "\"total\": {\"new\": 1300.5, \"old\": 1250.0}}");
        assertThat(anon.changes().get("note").oldValue().isNull()).isTrue();
        assertThat(deny.isDenied()).isTrue();
        assertThat(deny.rowHash()).hasSize(64);
        assertThat(deny.timestamp().text()).isEqualTo("2026-05-22T09:20:00+00:00");
        assertThat(Wire.write(deny.timestamp())).isEqualTo("\"2026-05-22T09:20:00+00:00\"");
        assertThat(anon.userId()).isNull();
        assertThat(anon.matchedPolicy()).isEmpty();
    }

    @Test
    void legacyRowsAreReadWithoutLosingAnything() {
        AuditRecord r = Wire.read(body("audit-logs/legacy-no-row-hash.json"), AuditLogs.class).logs().get(0);
        assertThat(r.rowHash()).isNull();
        assertThat(r.timestamp().style()).isEqualTo(WireTime.Style.DATABASE_TEXT);
        assertThat(r.timestamp().toInstant()).isEqualTo(Instant.parse("2026-05-22T09:14:03.510Z"));
        assertThat(r.userRoles().isDecoded()).isFalse();
        assertThat(r.userRoles().rawText()).contains("role_admin");
        assertThat(r.roles()).isEmpty();
        AuditRecord arr = Wire.read(body("audit-logs/extra-column-roles-array.json"), AuditLogs.class).logs().get(0);
        assertThat(arr.roles()).containsExactly("role_approver");
        assertThat(arr.userRoles().isText()).isFalse();
    }

    @Test
    void logsOfBuildsCountFromRows() {
        AuditLogs parsed = Wire.read(body("audit-logs/by-entity.json"), AuditLogs.class);
        assertThat(Wire.write(AuditLogs.of(parsed.logs()))).isEqualTo(body("audit-logs/by-entity.json"));
        assertThat(Wire.write(AuditLogs.of(List.of()))).isEqualTo(body("audit-logs/empty.json"));
    }

    @Test
    void statsKeepKeyOrderAndSumDecisions() {
        AuditStats s = Wire.read(body("audit-stats/example.json"), AuditStats.class);
        assertThat(s.byOperation().keySet()).containsExactly("list", "read", "update", "create");
        Map<String, Long> dec = new LinkedHashMap<>();
        dec.put("allow", 1180L);
        dec.put("deny", 24L);
        assertThat(Wire.write(AuditStats.of(24, dec, s.byOperation()))).isEqualTo(body("audit-stats/example.json"));
        assertThat(Wire.write(AuditStats.of(720, Map.of(), Map.of()))).isEqualTo(body("audit-stats/empty.json"));
    }

    @Test
    void authAndValidationAnswersAreFailuresOfTheRightKind() {
        assertThat(Wire.decode(401, body("audit-logs/not-authenticated.json"), AuditLogs.class).failure().orElseThrow()
                .kind()).isEqualTo(WireResult.Kind.UNAUTHORIZED);
        WireResult<AuditLogs> forbidden = Wire.decode(403, body("audit-logs/admin-access-required.json"), AuditLogs.class);
        assertThat(forbidden.failure().orElseThrow().message()).isEqualTo("HTTP 403: Admin access required");
        WireResult<AuditLogs> bad = Wire.decode(422, body("audit-logs/limit-0.json"), AuditLogs.class);
        assertThat(bad.failure().orElseThrow().message()).isEqualTo("HTTP 422: limit: Input should be greater than or equal to 1");
    }
}
