package com.dazzleops.server;

import com.dazzleops.server.db.DatabaseUrl;
import com.dazzleops.server.http.PathNormalizer;
import com.dazzleops.server.jobs.CronExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restart on the same file, config from the environment, and the small pure rules. */
class LifecycleTest {

    @Test
    void stopAndRestartOnTheSameSqliteFileKeepsTheData(@TempDir Path dir) throws Exception {
        ServerConfig cfg = ServerConfig.builder().port(0).dataDir(dir).workers(false).jwtSecret("x".repeat(40)).build();
        String id;
        try (RuntimeServer a = RuntimeServer.start(cfg)) {
            id = a.entities().create(com.dazzleops.server.spi.Actor.SYSTEM, "Supplier",
                    com.dazzleops.model.json.Wire.mapper().createObjectNode().put("tenant_id", "1a000000-0000-4000-8000-000000000001")
                            .put("name", "Restart Ltd").put("contact_email", "a@restart.example"),
                    com.dazzleops.server.audit.RequestInfo.NONE).get("id").toString();
            a.close();
            a.close(); // idempotent
        }
        try (RuntimeServer b = RuntimeServer.start(cfg)) {
            assertThat(b.entities().get(com.dazzleops.server.spi.Actor.SYSTEM, "Supplier", id, com.dazzleops.server.audit.RequestInfo.NONE)
                    .get("name")).isEqualTo("Restart Ltd");
            assertThat(b.baseUrl()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void configFromEnvironment() {
        ServerConfig c = ServerConfig.fromEnvironment(Map.of("PORT", "9123", "HOST", "0.0.0.0",
                "DATABASE_URL", "postgresql://app:s3cr3t@db:5432/app", "REDIS_URL", "redis://r:6379", "JWT_SECRET", "k"));
        assertThat(c.port()).isEqualTo(9123);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.databaseUrl()).isEqualTo("postgresql://app:s3cr3t@db:5432/app");
        assertThat(c.toString()).doesNotContain("s3cr3t");
        ServerConfig d = ServerConfig.fromEnvironment(Map.of());
        assertThat(d.port()).isEqualTo(8000);
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.databaseUrl()).isNull();
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("PORT", "eighty"))).hasMessageContaining("PORT");
    }

    @Test
    void databaseUrlsAndMasking() {
        DatabaseUrl pg = DatabaseUrl.parse("postgresql://app:p%40ss@db.internal:5433/ops?currentSchema=s1", Path.of("x.db"));
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/ops?currentSchema=s1");
        assertThat(pg.user()).isEqualTo("app");
        assertThat(pg.password()).isEqualTo("p@ss");
        assertThat(pg.schema()).isEqualTo("s1");
        assertThat(DatabaseUrl.mask("postgresql://app:s3cr3t@db:5432/app")).isEqualTo("postgresql://app:***@db:5432/app");
        assertThat(DatabaseUrl.mask("postgresql://app@db/app")).isEqualTo("postgresql://app@db/app");
        assertThat(DatabaseUrl.mask("postgresql://app:p@ss@db/app")).isEqualTo("postgresql://app:***@ss@db/app");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db?currentSchema=x;drop", Path.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/db", Path.of("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathNormalisationFollowsTheContractTable() {
        Map<String, String> cases = Map.of(
                "/tasks/123E4567-E89B-12D3-A456-426614174000", "/tasks/:id",
                "/tasks/123e4567-e89b-12d3-a456-426614174000/edit", "/tasks/:id/edit",
                "/orders/42/items/7", "/orders/:id/items/:id",
                "/orders/007", "/orders/:id",
                "/orders/42/", "/orders/:id/",
                "/api/2024", "/api/:id",
                "/v2/orders", "/v2/orders",
                "/x/42abc", "/x/42abc",
                "/orders/-5", "/orders/-5",
                "/prefix-123e4567-e89b-12d3-a456-426614174000x", "/prefix-:idx");
        cases.forEach((raw, want) -> assertThat(PathNormalizer.normalize(raw)).as(raw).isEqualTo(want));
    }

    @Test
    void cron() {
        CronExpression every5 = CronExpression.parse("*/5 * * * *");
        assertThat(every5.matches(ZonedDateTime.parse("2026-11-25T10:05:00Z"))).isTrue();
        assertThat(every5.matches(ZonedDateTime.parse("2026-11-25T10:06:00Z"))).isFalse();
        assertThat(CronExpression.parse("0 9 * * 1-5").matches(ZonedDateTime.parse("2026-11-29T09:00:00Z"))).isFalse(); // Sunday
        assertThatThrownBy(() -> CronExpression.parse("* * *")).isInstanceOf(IllegalArgumentException.class);
    }
}
