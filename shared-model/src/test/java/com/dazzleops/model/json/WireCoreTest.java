package com.dazzleops.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCoreTest {

    record Sample(String appName, Double uptimeSeconds, WireTime createdAt, String reason,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxLength) {
    }

    record Holder(EmbeddedJson userRoles) {
    }

    record WithError(String name, String error) {
    }

    @Test
    void writesSnakeCaseInComponentOrderWithNulls() {
        var s = new Sample("invoice_ops", 842.117305, WireTime.pythonIso(Instant.parse("2026-05-22T09:14:03Z")), null, null);
        assertThat(Wire.write(s)).isEqualTo(
                "{\"app_name\":\"invoice_ops\",\"uptime_seconds\":842.117305,\"created_at\":\"2026-05-22T09:14:03+00:00\",\"reason\":null}");
    }

    @Test
    void readsLenientlyAndRoundTripsTimestampText() {
        String json = "{\"uptime_seconds\":3,\"app_name\":\"x\",\"unknown\":[1,2],\"created_at\":\"2026-08-22 09:21:07.33+00\"}";
        Sample s = Wire.read(json, Sample.class);
        assertThat(s.uptimeSeconds()).isEqualTo(3.0);
        assertThat(s.reason()).isNull();
        assertThat(s.createdAt().style()).isEqualTo(WireTime.Style.DATABASE_TEXT);
        assertThat(s.createdAt().toInstant()).isEqualTo(Instant.parse("2026-08-22T09:21:07.330Z"));
        assertThat(Wire.write(s)).contains("\"created_at\":\"2026-08-22 09:21:07.33+00\"");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-05-22T09:14:03.512907+00:00, PYTHON_ISO, 2026-05-22T09:14:03.512907Z",
            "2026-05-22T09:14:03+00:00, PYTHON_ISO, 2026-05-22T09:14:03Z",
            "2026-05-22T09:14:03.512907Z, PYDANTIC, 2026-05-22T09:14:03.512907Z",
            "2026-05-22T10:14:03.512907+01:00, PYTHON_ISO, 2026-05-22T09:14:03.512907Z",
            "2026-05-22T09:14:03.512907, NAIVE, 2026-05-22T09:14:03.512907Z",
            "2026-08-22 09:21:07.33+00, DATABASE_TEXT, 2026-08-22T09:21:07.330Z",
            "2026-08-22 09:21:07+05:30, DATABASE_TEXT, 2026-08-22T03:51:07Z",
            "2026-08-22T09:21:07.123456789-0200, OTHER, 2026-08-22T11:21:07.123456789Z",
            // shapes the fast path leaves to the lenient parser, and fast-path edge cases
            "2026-08-22T09:21, OTHER, 2026-08-22T09:21:00Z",
            "2026-08-22T09:21:07.512907 +00:00, PYTHON_ISO, 2026-08-22T09:21:07.512907Z",
            "2026-08-22T09:21:07.5+00:00, OTHER, 2026-08-22T09:21:07.500Z",
            "2026-08-22T09:21:07z, PYDANTIC, 2026-08-22T09:21:07Z",
            "2026-08-22T09:21:07-03, OTHER, 2026-08-22T12:21:07Z",
            "2026-08-22 09:21:07, OTHER, 2026-08-22T09:21:07Z",
            "'2026-08-22T09:21:07,25Z', PYDANTIC, 2026-08-22T09:21:07.250Z",
    })
    void parsesEveryRendering(String text, WireTime.Style style, String instant) {
        WireTime t = WireTime.parse(text);
        assertThat(t.style()).isEqualTo(style);
        assertThat(t.toInstant()).isEqualTo(Instant.parse(instant));
        assertThat(t.text()).isEqualTo(text);
    }

    @Test
    void rendersLikePython() {
        assertThat(WireTime.pythonIso(Instant.parse("2026-05-22T09:14:03.512907123Z")).text())
                .isEqualTo("2026-05-22T09:14:03.512907+00:00");
        assertThat(WireTime.pythonIso(OffsetDateTime.of(2026, 5, 22, 9, 14, 3, 0, ZoneOffset.ofHours(-5))).text())
                .isEqualTo("2026-05-22T09:14:03-05:00");
        assertThat(WireTime.pydantic(Instant.parse("2026-05-22T09:14:03.000100Z")).text())
                .isEqualTo("2026-05-22T09:14:03.000100Z");
        assertThat(WireTime.pydantic(Instant.parse("2026-05-22T09:14:03Z")).text()).isEqualTo("2026-05-22T09:14:03Z");
        assertThat(WireTime.naive(LocalDateTime.parse("2026-06-02T14:07:55.018230")).text())
                .isEqualTo("2026-06-02T14:07:55.018230");
    }

    @Test
    void rendersLikeTheFormatStringsItReplaced() {
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 5_000; i++) {
            int offsetMinutes = (r.nextInt(18 * 4 * 2 + 1) - 18 * 4) * 15;
            OffsetDateTime v = OffsetDateTime.of(1 + r.nextInt(9999), 1 + r.nextInt(12), 1 + r.nextInt(28),
                    r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(3) == 0 ? 0 : r.nextInt(1_000_000_000),
                    ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            int micros = v.getNano() / 1000;
            int off = Math.abs(offsetMinutes * 60);
            String expected = String.format("%04d-%02d-%02dT%02d:%02d:%02d", v.getYear(), v.getMonthValue(),
                    v.getDayOfMonth(), v.getHour(), v.getMinute(), v.getSecond())
                    + (micros == 0 ? "" : String.format(".%06d", micros))
                    + String.format("%c%02d:%02d", offsetMinutes < 0 ? '-' : '+', off / 3600, (off / 60) % 60);
            assertThat(WireTime.pythonIso(v).text()).isEqualTo(expected);
        }
    }

    @Test
    void rejectsGarbageWithAClearMessage() {
        assertThatThrownBy(() -> WireTime.parse("yesterday")).hasMessageContaining("not a timestamp: \"yesterday\"");
        assertThatThrownBy(() -> WireTime.parse("2026-13-45T00:00:00")).hasMessageContaining("not a valid timestamp");
        assertThatThrownBy(() -> WireTime.parse("2026-02-30T00:00:00Z")).hasMessageContaining("not a valid timestamp");
        assertThatThrownBy(() -> WireTime.parse("2026-02-10T00:00:00.1234567890Z")).hasMessageContaining("not a timestamp");
        assertThatThrownBy(() -> WireTime.parse("2026-02-10T00:00:00+1")).hasMessageContaining("not a timestamp");
        assertThatThrownBy(() -> WireTime.parse("2026-02-10T00:00:00+19:00")).hasMessageContaining("not a valid timestamp");
        assertThat(WireTime.tryParse(null)).isEmpty();
        // from JSON, a corrupt value is kept as text instead of failing the whole body
        Sample s = Wire.read("{\"created_at\":\"not-a-date\"}", Sample.class);
        assertThat(s.createdAt().isValid()).isFalse();
        assertThat(s.createdAt().instant()).isEmpty();
        assertThat(s.createdAt().style()).isEqualTo(WireTime.Style.UNPARSEABLE);
        assertThat(Wire.write(s)).contains("\"created_at\":\"not-a-date\"");
        assertThatThrownBy(() -> s.createdAt().toInstant()).hasMessageContaining("not a timestamp");
        assertThat(WireTime.tryParse("nope")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1.0,1.0", "842.117305,842.117305", "0.1,0.1", "3611.4,3611.4", "0.0001,0.0001", "0.00001,1e-05",
            "12345678.9,12345678.9", "1e16,1e+16", "1.5e16,1.5e+16", "-2.5,-2.5", "100,100.0", "0.001,0.001"})
    void floatsLikePythonRepr(double in, String expected) {
        assertThat(PyFloat.repr(in)).isEqualTo(expected);
    }

    @Test
    void escapesControlCharactersLikeFastApi() {
        assertThat(Wire.write(java.util.Map.of("s", "a\u001fb\n\u00e9\"\\"))).isEqualTo("{\"s\":\"a\\u001fb\\n\u00e9\\\"\\\\\"}");
    }

    @Test
    void treesKeepPythonDecimalsAsSent() throws Exception {
        assertThat(Wire.write(Wire.mapper().readTree("{\"a\":1.0,\"b\":2.50,\"c\":3}"))).isEqualTo("{\"a\":1.0,\"b\":2.50,\"c\":3}");
    }

    @Test
    void embeddedJsonDecodesAndRoundTrips() {
        String json = "{\"user_roles\":\"[\\\"admin\\\",\\\"ops\\\"]\"}";
        Holder h = Wire.read(json, Holder.class);
        assertThat(h.userRoles().isText()).isTrue();
        assertThat(h.userRoles().value().get(1).asText()).isEqualTo("ops");
        assertThat(Wire.write(h)).isEqualTo(json);

        Holder direct = Wire.read("{\"user_roles\":[\"admin\"]}", Holder.class);
        assertThat(direct.userRoles().isText()).isFalse();
        assertThat(Wire.write(direct)).isEqualTo("{\"user_roles\":[\"admin\"]}");

        Holder notJson = Wire.read("{\"user_roles\":\"admin, ops\"}", Holder.class);
        assertThat(notJson.userRoles().isDecoded()).isFalse();
        assertThat(notJson.userRoles().rawText()).contains("admin, ops");
        assertThat(Wire.read("{\"user_roles\":null}", Holder.class).userRoles()).isNull();
    }

    @Test
    void decodeTurnsEveryFailureIntoAValue() {
        assertThat(Wire.decode(200, "{\"app_name\":\"a\"}", Sample.class)).isInstanceOf(WireResult.Ok.class);
        assertKind(Wire.decode(200, "null", Sample.class), WireResult.Kind.MALFORMED, "null body");
        assertKind(Wire.decode(200, "", Sample.class), WireResult.Kind.MALFORMED, "empty body");
        assertKind(Wire.decode(200, "<html>", Sample.class), WireResult.Kind.MALFORMED, "body is not JSON");
        assertKind(Wire.decode(200, "[1,2]", Sample.class), WireResult.Kind.MALFORMED, "unexpected body for Sample");
        assertKind(Wire.decode(200, "{\"error\":\"Entity not found: Foo\"}", Sample.class),
                WireResult.Kind.APP_ERROR, "Entity not found: Foo");
        assertKind(Wire.decode(200, "{\"success\":false,\"message\":\"Event not found\"}", Sample.class),
                WireResult.Kind.APP_ERROR, "Event not found");
        assertKind(Wire.decode(404, "{\"detail\":\"Not Found\"}", Sample.class), WireResult.Kind.NOT_DECLARED, "HTTP 404: Not Found");
        assertKind(Wire.decode(401, "{\"detail\":\"Not authenticated\"}", Sample.class), WireResult.Kind.UNAUTHORIZED, "Not authenticated");
        assertKind(Wire.decode(422, "{\"detail\":[{\"type\":\"greater_than_equal\",\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be greater than or equal to 1\",\"input\":\"0\",\"ctx\":{\"ge\":1}}]}",
                Sample.class), WireResult.Kind.INVALID_REQUEST, "limit: Input should be greater than or equal to 1");
        assertKind(Wire.decode(500, "Internal Server Error", Sample.class), WireResult.Kind.HTTP_ERROR, "HTTP 500: Internal Server Error");
        // a type that declares `error` keeps it as data
        WireResult<WithError> r = Wire.decode(200, "{\"name\":\"t\",\"error\":\"unreadable\"}", WithError.class);
        assertThat(r.valueIfOk()).get().extracting(WithError::error).isEqualTo("unreadable");
        // a list body is never second-guessed
        assertThat(Wire.decode(200, "[{\"name\":\"t\"}]", new com.fasterxml.jackson.core.type.TypeReference<List<WithError>>() { }).isOk()).isTrue();
    }

    private static void assertKind(WireResult<?> r, WireResult.Kind kind, String messagePart) {
        assertThat(r.failure()).as("expected a failure").isPresent();
        assertThat(r.failure().get().kind()).isEqualTo(kind);
        assertThat(r.failure().get().message()).contains(messagePart);
    }
}
