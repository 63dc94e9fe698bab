package com.dazzleops.model.ops.debug;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One element of {@code fields} in {@code GET /_dazzle/entity/{entity_name}} (wire-ops §2.6).
 *
 * <p>Keys in this order; {@code max_length} is present only when the type has a maximum length and
 * {@code sensitive} only (and only as {@code true}) when the field is sensitive: both are omitted when absent,
 * never written as {@code null} or {@code false}.
 *
 * @param name field name
 * @param type {@code str}, {@code str(200)}, {@code ref(User)}, {@code enum(open, done)}, {@code enum}, ...
 * @param required required modifier
 * @param unique unique modifier
 * @param indexed indexed modifier
 * @param maxLength the maximum length, omitted when the type has none
 * @param sensitive {@code true} for sensitive fields, omitted otherwise
 */
public record FieldDescriptor(String name, String type, boolean required, boolean unique, boolean indexed,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxLength,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Boolean sensitive) {

    public FieldDescriptor {
        // Dazzle writes the key only with the value true: normalise false to "absent" so we never emit it.
        if (Boolean.FALSE.equals(sensitive)) {
            sensitive = null;
        }
    }

    /** A field without max length, not sensitive. */
    public static FieldDescriptor of(String name, String type, boolean required, boolean unique, boolean indexed) {
        return new FieldDescriptor(name, type, required, unique, indexed, null, null);
    }

    /** A {@code str(n)}-style field; {@code type} is rendered as {@code str(n)}. */
    public static FieldDescriptor string(String name, int maxLength, boolean required, boolean unique,
                                         boolean indexed, boolean sensitive) {
        return new FieldDescriptor(name, "str(" + maxLength + ")", required, unique, indexed, maxLength,
                sensitive ? Boolean.TRUE : null);
    }

    /** The type string for an enum field: {@code enum(a, b)}, or {@code enum} without values. */
    public static String enumType(java.util.List<String> values) {
        return values == null || values.isEmpty() ? "enum" : "enum(" + String.join(", ", values) + ")";
    }

    /** The type string for a reference field: {@code ref(Entity)}. */
    public static String refType(String entity) {
        return "ref(" + entity + ")";
    }

    public boolean isSensitive() {
        return Boolean.TRUE.equals(sensitive);
    }
}
