package com.dazzleops.model.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive copies for wire records that keep what matters on the wire: element order, key order (insertion
 * order is the Dazzle key order) and {@code null} elements (which {@code List.copyOf}/{@code Map.copyOf} reject).
 * A {@code null} collection (key missing from an older server's body) becomes empty.
 */
public final class OpsCollections {
    private OpsCollections() {
    }

    /** An unmodifiable copy in the same order; {@code null} gives an empty list. */
    public static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(in));
    }

    /** An unmodifiable copy in the same key order; {@code null} gives an empty map. */
    public static <K, V> Map<K, V> map(Map<K, V> in) {
        return in == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }

    /** Like {@link #map} but keeps {@code null} as {@code null} (for keys whose value may be null). */
    public static <K, V> Map<K, V> mapOrNull(Map<K, V> in) {
        return in == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }

    /** Like {@link #list} but keeps {@code null} as {@code null}. */
    public static <T> List<T> listOrNull(List<T> in) {
        return in == null ? null : Collections.unmodifiableList(new ArrayList<>(in));
    }
}
