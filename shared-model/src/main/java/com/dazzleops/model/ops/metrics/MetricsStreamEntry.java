package com.dazzleops.model.ops.metrics;

import com.dazzleops.model.json.PyFloat;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.ops.audit.AuditRecord;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the Redis stream {@code dazzle:metrics:stream} (wire-ops §10): the fields of an {@code XADD}, all
 * strings. As a JSON fixture it is the object of those four fields.
 *
 * <p>Quirks: {@code value} is Python {@code str(float)} ({@code 1.0}); {@code ts} is {@code str(time.time())}
 * ({@code 1716337200.7732515}); {@code tags} is a JSON object <em>string</em> with Python's default separators
 * ({@code ", "}, {@code ": "}), {@code instance} always last. Real Dazzle HEAD never wires the emitter (nothing is
 * written); this is what an emitter produces.
 *
 * @param name metric name, e.g. {@code http_requests_total}
 * @param value Python float text
 * @param ts epoch seconds as Python float text
 * @param tags JSON object text
 */
public record MetricsStreamEntry(String name, String value, String ts, String tags) {

    /** The stream key. */
    public static final String STREAM_KEY = "dazzle:metrics:stream";
    /** Approximate {@code MAXLEN} of the stream. */
    public static final int MAX_LEN = 10_000;

    /**
     * An entry as the emitter writes it.
     *
     * @param tags the caller's tags in order; {@code instance} is appended last
     */
    public static MetricsStreamEntry of(String name, double value, Instant ts, Map<String, String> tags,
                                        String instance) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.remove("instance");
        all.put("instance", instance);
        BigDecimal secs = BigDecimal.valueOf(ts.getEpochSecond()).add(BigDecimal.valueOf(ts.getNano(), 9));
        return new MetricsStreamEntry(name, PyFloat.repr(value), PyFloat.repr(secs.doubleValue()),
                AuditRecord.pythonDumps(Wire.mapper().valueToTree(all), false));
    }

    /** The {@code instance} tag value: env {@code DYNO}, else {@code HOSTNAME}, else {@code local}. */
    public static String instanceFrom(Map<String, String> env) {
        String dyno = env.get("DYNO");
        if (dyno != null && !dyno.isEmpty()) {
            return dyno;
        }
        String host = env.get("HOSTNAME");
        return host != null && !host.isEmpty() ? host : "local";
    }

    /** The value as a number; empty when it is not one. */
    public Optional<Double> numericValue() {
        try {
            return value == null ? Optional.empty() : Optional.of(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code ts} as an instant (microsecond precision); empty when it is not a number. */
    public Optional<Instant> timestamp() {
        try {
            BigDecimal d = new BigDecimal(ts.trim());
            long secs = d.longValue();
            long nanos = d.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
            return Optional.of(Instant.ofEpochSecond(secs, (nanos / 1000) * 1000));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The decoded tags in order; empty when {@code tags} is empty or not a JSON object of scalars. */
    public Map<String, String> tagMap() {
        if (tags == null || tags.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode n = Wire.mapper().readTree(tags);
            if (n == null || !n.isObject()) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** The fields in {@code XADD} order, for a Redis client. */
    public Map<String, String> toFields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        m.put("ts", ts);
        m.put("tags", tags);
        return m;
    }

    /** An entry from the fields a Redis client returned ({@code XRANGE}/{@code XREAD}). */
    public static MetricsStreamEntry fromFields(Map<String, String> fields) {
        return new MetricsStreamEntry(fields.get("name"), fields.get("value"), fields.get("ts"), fields.get("tags"));
    }
}
