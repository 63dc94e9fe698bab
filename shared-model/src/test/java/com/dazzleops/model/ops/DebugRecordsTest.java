package com.dazzleops.model.ops;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.debug.DazzleHealth;
import com.dazzleops.model.ops.debug.DazzleStats;
import com.dazzleops.model.ops.debug.DebugSpec;
import com.dazzleops.model.ops.debug.EntityDetail;
import com.dazzleops.model.ops.debug.EntityError;
import com.dazzleops.model.ops.debug.FieldDescriptor;
import com.dazzleops.model.ops.debug.Live;
import com.dazzleops.model.ops.debug.Ready;
import com.dazzleops.model.ops.debug.Tables;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The /_dazzle debug routes: what the console reads out of the fixtures, and what the server factories write. */
class DebugRecordsTest {

    static String body(String resource) {
        return Fixtures.body("ops/" + resource).stripTrailing();
    }

    @Test
    void healthFactoriesWriteTheContractBodies() {
        LocalDateTime t = LocalDateTime.parse("2026-06-02T14:07:55.018230");
        assertThat(Wire.write(DazzleHealth.degraded(t))).isEqualTo(body("health/degraded.json"));
        assertThat(Wire.write(DazzleHealth.ok(t))).isEqualTo(body("health/ok.json"));
        assertThat(Wire.write(DazzleHealth.ok(LocalDateTime.parse("2026-06-02T14:07:55"))))
                .isEqualTo(body("health/ok-whole-second.json"));
    }

    @Test
    void healthTimestampRenderingsAllReadAndKeepTheirStyle() {
        DazzleHealth naive = Wire.read(body("health/ok.json"), DazzleHealth.class);
        DazzleHealth z = Wire.read(body("health/ok-utc-z.json"), DazzleHealth.class);
        DazzleHealth plus = Wire.read(body("health/ok-offset-extra-fields.json"), DazzleHealth.class);
        assertThat(naive.timestamp().style()).isEqualTo(WireTime.Style.NAIVE);
        assertThat(naive.timestamp().hasOffset()).isFalse();
        assertThat(z.timestamp().style()).isEqualTo(WireTime.Style.PYDANTIC);
        assertThat(plus.timestamp().style()).isEqualTo(WireTime.Style.PYTHON_ISO);
        assertThat(z.timestamp().toInstant()).isEqualTo(Instant.parse("2026-06-02T12:07:55.018230Z"))
                .isEqualTo(plus.timestamp().toInstant());
        assertThat(naive.isOk()).isTrue();
        assertThat(plus.isOk()).isTrue();
        DazzleHealth degraded = Wire.read(body("health/degraded.json"), DazzleHealth.class);
        assertThat(degraded.isOk()).isFalse();
        assertThat(degraded.database()).isEqualTo(DazzleHealth.DATABASE_UNREACHABLE);
    }

    @Test
    void liveAndReady() {
        assertThat(Wire.write(Live.ok())).isEqualTo(body("live/alive.json"));
        assertThat(Wire.read("{}", Live.class).isAlive()).isFalse();
        assertThat(Wire.write(Ready.ok())).isEqualTo(body("ready/ready.json"));
        assertThat(Wire.write(Ready.notReady())).isEqualTo(body("ready/not-ready.json"));
        Ready notReady = Wire.decode(200, body("ready/not-ready.json"), Ready.class).valueIfOk().orElseThrow();
        assertThat(notReady.ready()).isFalse();
        assertThat(notReady.reason()).isEqualTo("database unreachable");
    }

    @Test
    void statsKeepsFullPrecisionUptimeAndComputesTotal() {
        DazzleStats s = Wire.read(body("stats/example.json"), DazzleStats.class);
        assertThat(s.uptimeSeconds()).isEqualTo(842.117305);
        assertThat(s.entities()).extracting(DazzleStats.EntityCount::name).containsExactly("Tenant", "Invoice");
        assertThat(s.entities().get(1).hasFts()).isTrue();
        DazzleStats built = DazzleStats.of("invoice_ops", "Invoice Ops", 842.117305, s.entities());
        assertThat(Wire.write(built)).isEqualTo(body("stats/example.json"));
        // a whole-number float stays a float on the wire, as Python writes it
        assertThat(body("stats/count-failed.json")).contains("\"uptime_seconds\":5.0");
        DazzleStats guide = Wire.read(body("stats/guide-inconsistent.json"), DazzleStats.class);
        assertThat(guide.appDescription()).isNull();
        assertThat(guide.totalRecords()).isZero();
    }

    @Test
    void specCountsSurfacesAsEndpoints() {
        DebugSpec spec = DebugSpec.of("invoice_ops", "Invoice Ops", List.of("Tenant", "Invoice", "Supplier"),
                List.of("invoice_list", "invoice_detail", "supplier_list"));
        assertThat(Wire.write(spec)).isEqualTo(body("spec/example.json"));
    }

    @Test
    void entityFieldDescriptorOmitsAbsentMaxLengthAndSensitive() {
        EntityDetail d = Wire.read(body("entity/supplier.json"), EntityDetail.class);
        FieldDescriptor id = d.field("id").orElseThrow();
        assertThat(id.maxLength()).isNull();
        assertThat(id.sensitive()).isNull();
        assertThat(Wire.write(id)).isEqualTo(
                "{\"name\":\"id\",\"type\":\"uuid\",\"required\":true,\"unique\":true,\"indexed\":false}");
        FieldDescriptor iban = d.field("iban").orElseThrow();
        assertThat(iban.maxLength()).isEqualTo(34);
        assertThat(iban.isSensitive()).isTrue();
        // sensitive=false is never written: Dazzle only writes the key with true
        assertThat(Wire.write(new FieldDescriptor("x", "str", false, false, false, null, false)))
                .doesNotContain("sensitive").doesNotContain("max_length");
        assertThat(Wire.write(FieldDescriptor.string("iban", 34, false, false, false, true)))
                .isEqualTo(Wire.write(iban));
        assertThat(FieldDescriptor.enumType(List.of("active", "blocked"))).isEqualTo("enum(active, blocked)");
        assertThat(FieldDescriptor.enumType(List.of())).isEqualTo("enum");
        assertThat(FieldDescriptor.refType("Tenant")).isEqualTo("ref(Tenant)");
        // the sample is not masked and keeps column order
        assertThat(d.sample().get(0)).containsEntry("iban", "GB33BUKB20201555555555");
        assertThat(d.sample().get(0).keySet()).containsExactly("id", "name", "tenant", "status", "iban");
    }

    @Test
    void entitySampleKeepsDecimalsNullsAndTimestampText() {
        EntityDetail d = Wire.read(body("entity/invoice-sample.json"), EntityDetail.class);
        assertThat(d.sample().get(0).get("amount")).isEqualTo(new BigDecimal("1250.0"));
        assertThat(d.sample().get(0)).containsEntry("kind", null);
        assertThat(WireTime.parse((String) d.sample().get(0).get("submitted_at")).toInstant())
                .isEqualTo(Instant.parse("2026-05-22T09:14:03.512907Z"));
        assertThat(d.field("kind").orElseThrow().type()).isEqualTo("enum");
    }

    @Test
    void entityErrorsAreHttp200AppErrorsAndTheServerWritesThemExactly() {
        WireResult<EntityDetail> r = Wire.decode(200, body("entity/invalid-name.json"), EntityDetail.class);
        assertThat(r.failure()).get().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(WireResult.Kind.APP_ERROR);
            assertThat(f.message()).isEqualTo("Invalid entity name");
        });
        assertThat(Wire.write(EntityError.forMissing("bad-name"))).isEqualTo(body("entity/invalid-name.json"));
        assertThat(Wire.write(EntityError.forMissing("invoice"))).isEqualTo(body("entity/not-found.json"));
        assertThat(Wire.decode(200, body("entity/not-found.json"), EntityDetail.class).failure().orElseThrow()
                .message()).isEqualTo("Entity not found: invoice");
    }

    @Test
    void tablesCarryTheErrorKeyOnlyOnFailure() {
        Tables t = Wire.read(body("tables/example.json"), Tables.class);
        assertThat(t.tables()).extracting(Tables.TableCount::isReadable).containsExactly(true, true, false);
        Tables built = new Tables(List.of(Tables.TableCount.of("Invoice", 31),
                Tables.TableCount.of("_dazzle_audit_log", 1204), Tables.TableCount.unreadable("legacy_import")));
        assertThat(Wire.write(built)).isEqualTo(body("tables/example.json"));
    }
}
