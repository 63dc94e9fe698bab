package com.dazzleops.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one place that configures JSON for both sides of the Dazzle wire.
 *
 * <p>Reading (console side) is lenient: unknown fields are ignored, missing fields become {@code null}, single
 * values are accepted where arrays are expected, Python's {@code NaN}/{@code Infinity} are read, every timestamp
 * rendering parses (see {@link WireTime}), JSON-inside-strings decode (see {@link EmbeddedJson}).
 *
 * <p>Writing (server side) is exact: snake_case names, record component order, {@code null}s written out, compact
 * output with non-ASCII unescaped, floats as Python's {@code repr} (see {@link PyFloat}), timestamps as the
 * {@link WireTime} carries them.
 *
 * <p>{@link #decode} turns any HTTP answer into a {@link WireResult}, never an exception.
 */
public final class Wire {

    private static final ObjectMapper MAPPER = build();
    private static final Map<JavaType, Set<String>> PROPERTY_NAMES = new ConcurrentHashMap<>();

    private Wire() {
    }

    /** The shared, thread-safe mapper (do not reconfigure it; {@link #newMapper()} gives a private copy). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A fresh mapper with the same configuration, for callers that must add modules of their own. */
    public static ObjectMapper newMapper() {
        return build();
    }

    private static ObjectMapper build() {
        SimpleModule floats = new SimpleModule("python-floats");
        JsonSerializer<Double> dbl = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeNumber(PyFloat.repr(v));
            }
        };
        JsonSerializer<Float> flt = new JsonSerializer<>() {
            @Override
            public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeNumber(PyFloat.repr(v.doubleValue()));
            }
        };
        floats.addSerializer(Double.class, dbl);
        floats.addSerializer(Double.TYPE, dbl);
        floats.addSerializer(Float.class, flt);
        floats.addSerializer(Float.TYPE, flt);

        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // keep Python's 1.0 as 1.0 inside trees (payloads, opaque documents)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .addModule(floats)
                .build();
        mapper.getFactory().setCharacterEscapes(new PythonEscapes());
        // Python sends 3 where we expect 3.0 and "3" now and then: coerce scalars rather than fail.
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.POJO).setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
        return mapper;
    }

    /** Compact JSON text exactly as Dazzle would send it. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** UTF-8 bytes of {@link #write}. */
    public static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Strict read: throws {@link IllegalArgumentException} naming the type when the JSON does not fit. */
    public static <T> T read(String json, Class<T> type) {
        return read(json, MAPPER.constructType(type));
    }

    public static <T> T read(String json, TypeReference<T> type) {
        return read(json, MAPPER.getTypeFactory().constructType(type));
    }

    public static <T> T read(String json, JavaType type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read " + type.toCanonical() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + type.toCanonical() + ": " + e.getMessage(), e);
        }
    }

    public static <T> WireResult<T> decode(int status, String body, Class<T> type) {
        return decode(status, body, MAPPER.constructType(type));
    }

    public static <T> WireResult<T> decode(int status, String body, TypeReference<T> type) {
        return decode(status, body, MAPPER.getTypeFactory().constructType(type));
    }

    /**
     * Turns one HTTP answer into a value or a described failure. Never throws.
     *
     * @param status the HTTP status
     * @param body the body text (may be null or empty)
     * @param type what a 2xx body should be
     */
    public static <T> WireResult<T> decode(int status, String body, JavaType type) {
        String text = body == null ? "" : body;
        if (status < 200 || status >= 300) {
            String detail = describeError(text);
            WireResult.Kind kind = switch (status) {
                case 404 -> WireResult.Kind.NOT_DECLARED;
                case 401, 403 -> WireResult.Kind.UNAUTHORIZED;
                case 422 -> WireResult.Kind.INVALID_REQUEST;
                default -> WireResult.Kind.HTTP_ERROR;
            };
            String msg = "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
            return WireResult.failure(kind, status, msg, text);
        }
        if (text.isBlank()) {
            return WireResult.failure(WireResult.Kind.MALFORMED, status, "empty body", text);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (IOException e) {
            return WireResult.failure(WireResult.Kind.MALFORMED, status,
                    "body is not JSON: " + firstLine(e.getMessage()), text);
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return WireResult.failure(WireResult.Kind.MALFORMED, status, "null body", text);
        }
        if (tree.isObject()) {
            Set<String> props = propertyNames(type);
            JsonNode err = tree.get("error");
            if (err != null && !err.isNull() && !props.contains("error")) {
                return WireResult.failure(WireResult.Kind.APP_ERROR, status,
                        err.isTextual() ? err.asText() : err.toString(), text);
            }
            JsonNode success = tree.get("success");
            if (success != null && success.isBoolean() && !success.asBoolean() && !props.contains("success")) {
                JsonNode m = tree.has("message") ? tree.get("message") : tree.get("detail");
                return WireResult.failure(WireResult.Kind.APP_ERROR, status,
                        m == null || m.isNull() ? "the server reported success: false" : m.asText(), text);
            }
        }
        try {
            T value = MAPPER.readerFor(type).readValue(tree);
            if (value == null) {
                return WireResult.failure(WireResult.Kind.MALFORMED, status, "null body", text);
            }
            return WireResult.ok(value);
        } catch (IOException | RuntimeException e) {
            String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            return WireResult.failure(WireResult.Kind.MALFORMED, status,
                    "unexpected body for " + type.getRawClass().getSimpleName() + ": " + firstLine(m), text);
        }
    }

    /** One line from a FastAPI error body: {@code detail} as a string, or the 422 items' {@code loc: msg}. */
    public static String describeError(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree != null && tree.isObject()) {
                JsonNode detail = tree.has("detail") ? tree.get("detail") : tree.get("error");
                if (detail != null) {
                    if (detail.isTextual()) {
                        return detail.asText();
                    }
                    if (detail.isArray()) {
                        StringBuilder sb = new StringBuilder();
                        for (Iterator<JsonNode> it = detail.elements(); it.hasNext(); ) {
                            JsonNode item = it.next();
                            if (sb.length() > 0) {
                                sb.append("; ");
                            }
                            JsonNode loc = item.get("loc");
                            if (loc != null && loc.isArray() && loc.size() > 0) {
                                sb.append(loc.get(loc.size() - 1).asText()).append(": ");
                            }
                            sb.append(item.path("msg").asText(item.toString()));
                        }
                        return sb.toString();
                    }
                    return detail.toString();
                }
            }
        } catch (IOException ignored) {
            // not JSON (HTML error page, plain text): fall through to the first line
        }
        return firstLine(body.strip());
    }

    private static Set<String> propertyNames(JavaType type) {
        return PROPERTY_NAMES.computeIfAbsent(type, t -> {
            if (t.isContainerType() || t.isPrimitive() || JsonNode.class.isAssignableFrom(t.getRawClass())) {
                return Set.of("error", "success"); // generic containers: never second-guess
            }
            BeanDescription desc = MAPPER.getDeserializationConfig().introspect(t);
            return desc.findProperties().stream().map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
        });
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
