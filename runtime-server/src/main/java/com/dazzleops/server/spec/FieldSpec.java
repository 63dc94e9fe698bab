package com.dazzleops.server.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One entity field as declared in the AppSpec.
 *
 * @param type one of uuid, str, text, int, float, decimal, bool, date, datetime, email, url, enum, ref, json
 */
public record FieldSpec(String name, String type,
                        @JsonProperty("max_length") Integer maxLength,
                        boolean required, boolean unique, boolean indexed, boolean pk, boolean sensitive,
                        @JsonProperty("default") JsonNode defaultValue,
                        List<String> values, String ref, Integer precision, Integer scale, String auto) {

    public FieldSpec {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public boolean isRef() {
        return "ref".equals(type);
    }

    public boolean isEnum() {
        return "enum".equals(type);
    }

    public boolean isDateTime() {
        return "datetime".equals(type);
    }

    public boolean isDate() {
        return "date".equals(type);
    }

    public boolean isInt() {
        return "int".equals(type);
    }

    public boolean isDecimal() {
        return "decimal".equals(type);
    }

    public boolean isFloat() {
        return "float".equals(type);
    }

    public boolean isBool() {
        return "bool".equals(type);
    }

    public boolean isUuid() {
        return "uuid".equals(type);
    }

    /** Set once at insert. */
    public boolean autoOnCreate() {
        return "on_create".equals(auto) || "on_create_and_update".equals(auto)
                || (defaultValue != null && "now()".equals(defaultValue.asText(null)));
    }

    /** Refreshed on every write. */
    public boolean autoOnUpdate() {
        return "on_create_and_update".equals(auto);
    }

    /**
     * Dazzle's type string in {@code /_dazzle/entity/{name}}: {@code str(200)}, {@code ref(User)},
     * {@code enum(open, done)}, {@code decimal} (precision dropped); url and email as declared scalar names.
     */
    public String dazzleTypeString() {
        switch (type) {
            case "str":
                return maxLength == null ? "str" : "str(" + maxLength + ")";
            case "ref":
                return "ref(" + ref + ")";
            case "enum":
                return values.isEmpty() ? "enum" : "enum(" + String.join(", ", values) + ")";
            case "url":
                return "str";
            default:
                return type;
        }
    }
}
