package com.dazzleops.model.ops;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import com.dazzleops.model.ops.system.AppHealth;
import com.dazzleops.model.ops.system.AppSpecDocument;
import com.dazzleops.model.ops.system.DbInfo;
import com.dazzleops.model.ops.system.Diagnostics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The prefix-less system routes: /health, /spec, /db-info, /_diagnostics. */
class SystemRecordsTest {

    static String body(String resource) {
        return Fixtures.body("ops/" + resource).stripTrailing();
    }

    @Test
    void rootHealthRoundsUptimeToOneDecimal() {
        assertThat(Wire.write(AppHealth.healthy("invoice_ops", "0.112.0", "3fa09c1e", 3611.4349)))
                .isEqualTo(body("root-health/example.json"));
        assertThat(Wire.write(AppHealth.healthy("blank", "0.0.0", "00c0ffee", 0.04)))
                .isEqualTo(body("root-health/unknown-version.json"));
    }

    @Test
    void appSpecIsKeptWholeAndExposesNameTitleVersion() {
        AppSpecDocument doc = Wire.read(body("root-spec/nested.json"), AppSpecDocument.class);
        assertThat(doc.name()).isEqualTo("invoice_ops");
        assertThat(doc.title()).contains("Invoice Ops");
        assertThat(doc.version()).contains("0.1.0");
        assertThat(doc.entityNames()).containsExactly("Invoice", "JobRun");
        assertThat(doc.section("jobs").get(0).path("retry").asInt()).isEqualTo(3);
        assertThat(doc.section("analytics").isNull()).isTrue();
        assertThat(doc.section("no_such_section").isMissingNode()).isTrue();
        // decimals as sent (1.0 stays 1.0) and big integers exact
        assertThat(Wire.write(doc)).contains("\"ratio\":1.0").contains("\"big\":12345678901234567890");
        WireResult<AppSpecDocument> viaDecode = Wire.decode(200, body("root-spec/abridged.json"), AppSpecDocument.class);
        assertThat(viaDecode.valueIfOk()).get().extracting(AppSpecDocument::name).isEqualTo("invoice_ops");
        AppSpecDocument empty = Wire.read("{}", AppSpecDocument.class);
        assertThat(empty.name()).isNull();
        assertThat(empty.title()).isEmpty();
    }

    @Test
    void dbInfoMasksPasswordsTheDazzleWay() {
        assertThat(DbInfo.maskUrl("postgresql://app:s3cr3t@db:5432/app")).isEqualTo("postgresql://app:***@db:5432/app");
        assertThat(DbInfo.maskUrl("postgresql://app@db:5432/app")).isEqualTo("postgresql://app@db:5432/app");
        assertThat(DbInfo.maskUrl("postgresql://app:p@ss@db/app")).isEqualTo("postgresql://app:***@ss@db/app");
        assertThat(DbInfo.maskUrl("postgresql://db:5432/app?password=x")).isEqualTo("postgresql://db:5432/app?password=x");
        assertThat(DbInfo.maskUrl(null)).isNull();
        DbInfo info = new DbInfo(DbInfo.maskUrl("postgresql://dazzle:hunter2@db.internal:5432/invoice_ops"),
                DbInfo.POSTGRESQL, List.of("Tenant", "Invoice", "Supplier", "JobRun"), null, true, false, null);
        assertThat(Wire.write(info)).isEqualTo(body("db-info/example.json"));
        DbInfo withMigration = Wire.read(body("db-info/files-and-migration.json"), DbInfo.class);
        assertThat(withMigration.lastMigration().hasPendingDestructive()).isTrue();
        assertThat(withMigration.lastMigration().warnings()).hasSize(1);
    }

    @Test
    void diagnosticsAndItsAuthAnswers() {
        Diagnostics d = Wire.read(body("diagnostics/example.json"), Diagnostics.class);
        assertThat(d.features().feedbackWidget()).isFalse();
        assertThat(d.database().connected()).isTrue();
        assertThat(Wire.write(new Diagnostics(12, 9, 2, new Diagnostics.Features(true, true, false),
                new Diagnostics.DatabaseState(true, 0), "3fa09c1e", "0.112.0"))).isEqualTo(body("diagnostics/example.json"));
        WireResult<Diagnostics> expired = Wire.decode(401, body("diagnostics/session-expired.json"), Diagnostics.class);
        assertThat(expired.failure().orElseThrow().message()).isEqualTo("HTTP 401: Session expired");
        assertThat(Diagnostics.ADMIN_ROLES).contains("admin").doesNotContain("role_admin");
    }
}
