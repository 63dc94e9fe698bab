package com.dazzleops.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * JSON text as Python's {@code json.dumps} writes it with default arguments: separators {@code ", "} and
 * {@code ": "}, non-ASCII escaped as {@code \\uXXXX}; optionally keys sorted. Used where Dazzle stores JSON inside
 * strings (audit {@code user_roles}, {@code field_changes}) and for the Redis stream's {@code tags}.
 */
public final class PyJson {

    private static final ObjectMapper PLAIN = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final ObjectMapper SORTED = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private PyJson() {
    }

    /** {@code json.dumps(value)}. */
    public static String dumps(Object value) {
        return write(PLAIN, value);
    }

    /** {@code json.dumps(value, sort_keys=True)}. */
    public static String dumpsSorted(Object value) {
        return write(SORTED, value);
    }

    private static String write(ObjectMapper m, Object value) {
        try {
            return m.writer(new PythonSeparators()).writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    /** Python's default separators, no newlines or indentation. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
