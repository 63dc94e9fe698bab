package com.dazzleops.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A field that Dazzle sends either as JSON or as JSON text inside a string (audit {@code user_roles} and
 * {@code field_changes}, job payloads, event payloads). Reading decodes the string when it holds JSON;
 * writing reproduces the original form, so a round trip is byte-exact.
 */
@JsonSerialize(using = EmbeddedJson.Serializer.class)
@JsonDeserialize(using = EmbeddedJson.Deserializer.class)
public final class EmbeddedJson {
    private final String raw;      // the string as sent, when it came as a string; else null
    private final JsonNode value;  // decoded value (NullNode when absent/undecodable)
    private final boolean decoded; // false when a string could not be parsed as JSON

    private EmbeddedJson(String raw, JsonNode value, boolean decoded) {
        this.raw = raw;
        this.value = value == null ? NullNode.getInstance() : value;
        this.decoded = decoded;
    }

    /** JSON carried as a JSON value. */
    public static EmbeddedJson ofValue(JsonNode value) {
        return new EmbeddedJson(null, value, true);
    }

    /** JSON carried inside a string (the form Dazzle stores in TEXT columns). */
    public static EmbeddedJson ofText(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new EmbeddedJson(text, Wire.mapper().readTree(text), true);
        } catch (IOException e) {
            return new EmbeddedJson(text, NullNode.getInstance(), false);
        }
    }

    /** Encodes {@code value} as JSON text inside a string (server side). */
    public static EmbeddedJson encodeAsText(Object value) {
        JsonNode node = Wire.mapper().valueToTree(value);
        return new EmbeddedJson(Wire.write(node), node, true);
    }

    /** The decoded value; a {@code NullNode} when the text was not JSON. */
    public JsonNode value() {
        return value;
    }

    /** True when this came (or goes) as a string. */
    public boolean isText() {
        return raw != null;
    }

    /** The raw string, when this came as a string. */
    public Optional<String> rawText() {
        return Optional.ofNullable(raw);
    }

    /** False when a string arrived that is not JSON; {@link #rawText()} then still has it, nothing is lost. */
    public boolean isDecoded() {
        return decoded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddedJson e && Objects.equals(e.raw, raw) && e.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw, value);
    }

    @Override
    public String toString() {
        return raw != null ? raw : value.toString();
    }

    static final class Serializer extends JsonSerializer<EmbeddedJson> {
        @Override
        public void serialize(EmbeddedJson v, JsonGenerator gen, SerializerProvider sp) throws IOException {
            if (v.raw != null) {
                gen.writeString(v.raw);
            } else {
                gen.writeTree(v.value);
            }
        }
    }

    static final class Deserializer extends JsonDeserializer<EmbeddedJson> {
        @Override
        public EmbeddedJson deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return ofText(p.getText());
            }
            JsonNode node = p.readValueAsTree();
            return ofValue(node);
        }

        @Override
        public EmbeddedJson getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
