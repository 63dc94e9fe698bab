package com.dazzleops.model.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Null-tolerant immutable copies for record components read leniently from other servers. */
final class WireCollections {
    private WireCollections() {
    }

    /** An unmodifiable copy without {@code null} elements; empty for {@code null}. */
    static <T> List<T> list(List<T> in) {
        if (in == null || in.isEmpty()) {
            return List.of();
        }
        List<T> out = new ArrayList<>(in.size());
        for (T t : in) {
            if (t != null) {
                out.add(t);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** An unmodifiable, order-keeping copy without {@code null} keys or values; empty for {@code null}. */
    static <K, V> Map<K, V> map(Map<K, V> in) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        Map<K, V> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    static String orEmpty(String s) {
        return Objects.requireNonNullElse(s, "");
    }
}
