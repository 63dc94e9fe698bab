package com.dazzleops.perf.read;

import com.dazzleops.model.json.Wire;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A span's or event's {@code attributes_json}, parsed leniently (Python writes bare {@code NaN}/{@code Infinity});
 * a value that is not a JSON object is kept as raw text with an error, never thrown.
 */
public record Attributes(Map<String, JsonNode> values, String raw, String error) {

    public static final Attributes EMPTY = new Attributes(Map.of(), "{}", null);

    public static Attributes parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return EMPTY;
        }
        try {
            JsonNode node = Wire.mapper().readTree(raw);
            if (node == null || !node.isObject()) {
                return new Attributes(Map.of(), raw, "attributes_json is not a JSON object: " + abbreviate(raw));
            }
            Map<String, JsonNode> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
            return new Attributes(Collections.unmodifiableMap(map), raw, null);
        } catch (Exception e) {
            return new Attributes(Map.of(), raw, "attributes_json is not valid JSON: " + abbreviate(raw));
        }
    }

    public boolean valid() {
        return error == null;
    }

    /** The value as text: strings unquoted, everything else as JSON. */
    public Optional<String> text(String key) {
        JsonNode v = values.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(v.isTextual() ? v.textValue() : v.toString());
    }

    /** A string-valued attribute only (the findings ignore non-string statements, as Dazzle does). */
    public Optional<String> string(String key) {
        JsonNode v = values.get(key);
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 60 ? one.substring(0, 60) + "…" : one;
    }
}
