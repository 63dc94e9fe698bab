package com.dazzleops.model.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Python's {@code json.dumps(value)} with its defaults: separators {@code ", "} and {@code ": "},
 * {@code ensure_ascii=True} (every character outside printable ASCII as a lowercase {@code &#92;uXXXX}, astral
 * characters as a surrogate pair), floats as {@code repr}, {@code NaN}/{@code Infinity} allowed.
 *
 * <p>Dazzle uses this rendering wherever it stores or shows JSON as text inside the event system: the
 * {@code payload_preview} of {@code /topics/{topic}} (wire-events §4.3), the envelope's {@code to_json} written to
 * the outbox's {@code envelope_json} column (§5.1, §10.1), and the {@code payload}, {@code headers} and
 * {@code reason_metadata} fields of Redis stream entries (§8.3); and the audit log's {@code user_roles} and
 * {@code field_changes} columns ({@code sort_keys=True}), and the Redis metrics stream's tags. HTTP bodies themselves
 * are compact and go through {@link Wire}.
 */
public final class PythonJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonJson() {
    }

    /** {@code json.dumps(value)} of any value Jackson can turn into a tree. */
    public static String dumps(Object value) {
        return dumps(value, false);
    }

    /** {@code json.dumps(value, sort_keys=sortKeys)}. */
    public static String dumps(Object value, boolean sortKeys) {
        JsonNode node = value instanceof JsonNode n ? n : Wire.mapper().valueToTree(value);
        StringBuilder sb = new StringBuilder(64);
        write(node, sortKeys, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, boolean sortKeys, StringBuilder sb) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            sb.append("null");
        } else if (node.isObject()) {
            sb.append('{');
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            if (sortKeys) {
                Collections.sort(keys);
            }
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                string(keys.get(i), sb);
                sb.append(": ");
                write(node.get(keys.get(i)), sortKeys, sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(node.get(i), sortKeys, sb);
            }
            sb.append(']');
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue() ? "true" : "false");
        } else if (node.isIntegralNumber()) {
            sb.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            sb.append(PyFloat.repr(node.doubleValue()));
        } else {
            // strings, and (as json.dumps(default=str) would) anything else as its text
            string(node.asText(), sb);
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        sb.append(c);
                    } else {
                        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        sb.append('"');
    }
}
