package com.dazzleops.model.ops.system;

import com.dazzleops.model.ops.ExactTree;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /spec} (wire-ops §3.2): the whole AppSpec as Pydantic's Python-mode dump. No auth, always 200.
 *
 * <p>The document is large and its schema is Dazzle's IR, which changes between versions, so it is kept as an
 * opaque tree (key order preserved, nothing dropped) and only the few keys the console needs are exposed. Top-level
 * keys follow the AppSpec field order ({@code name}, {@code title}, {@code version}, {@code archetypes},
 * {@code domain}, ...). Serialises back to exactly the tree it holds.
 *
 * @param document the whole body (an object; a non-object body reads as an empty object)
 */
@JsonDeserialize(using = AppSpecDocument.Deserializer.class)
public record AppSpecDocument(ObjectNode document) {

    public AppSpecDocument {
        document = document == null ? JsonNodeFactory.instance.objectNode() : document;
    }

    /** Wraps a parsed body; anything but an object gives an empty document. */
    public static AppSpecDocument fromTree(JsonNode tree) {
        return new AppSpecDocument(tree instanceof ObjectNode o ? o : null);
    }

    /** Reads the whole tree keeping every number as sent (Python's {@code 1.0} stays {@code 1.0}). */
    static final class Deserializer extends JsonDeserializer<AppSpecDocument> {
        @Override
        public AppSpecDocument deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return fromTree(ExactTree.read(p));
        }
    }

    @JsonValue
    JsonNode tree() {
        return document;
    }

    /** AppSpec {@code name}. */
    public String name() {
        return text("name").orElse(null);
    }

    /** AppSpec {@code title}, when set. */
    public Optional<String> title() {
        return text("title");
    }

    /** AppSpec {@code version} (the application's, not the framework's), when set. */
    public Optional<String> version() {
        return text("version");
    }

    /** Any top-level section, e.g. {@code domain}, {@code jobs}; a missing node when absent. */
    public JsonNode section(String key) {
        return document.path(key);
    }

    /** The entity names under {@code domain.entities[].name}, in order. */
    public java.util.List<String> entityNames() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : document.path("domain").path("entities")) {
            if (e.hasNonNull("name")) {
                out.add(e.get("name").asText());
            }
        }
        return out;
    }

    private Optional<String> text(String key) {
        JsonNode n = document.get(key);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }
}
