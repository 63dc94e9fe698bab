package com.dazzleops.model.ops;

import com.dazzleops.model.json.Wire;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;

/**
 * Reads an opaque JSON subtree so that writing it back gives the same text. The shared mapper builds trees with
 * Jackson's default {@code STRIP_TRAILING_BIGDECIMAL_ZEROES}, which turns Python's {@code 1.0} into {@code 1}; this
 * reader keeps the decimal as sent. Use with {@code @JsonDeserialize(using = ExactTree.class)} on a
 * {@link JsonNode} component, or {@link #read(JsonParser)} from a custom deserializer.
 */
public final class ExactTree extends JsonDeserializer<JsonNode> {

    private static final ObjectReader READER = Wire.mapper().readerFor(JsonNode.class)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    /** The subtree at the parser's current token, decimals kept as sent. */
    public static JsonNode read(JsonParser p) throws IOException {
        JsonNode n = READER.readTree(p);
        return n == null ? NullNode.getInstance() : n;
    }

    @Override
    public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return read(p);
    }

    @Override
    public JsonNode getNullValue(DeserializationContext ctxt) {
        return NullNode.getInstance();
    }
}
