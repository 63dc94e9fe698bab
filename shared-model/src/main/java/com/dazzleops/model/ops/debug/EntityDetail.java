package com.dazzleops.model.ops.debug;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /_dazzle/entity/{entity_name}} (wire-ops §2.6), the success body: an entity's field descriptors,
 * its row count and up to five raw sample rows.
 *
 * <p>Quirks: a bad or unknown name is answered with HTTP 200 and {@link EntityError} instead (the console's
 * {@code Wire.decode} reports that as {@code APP_ERROR}); the name match is case-sensitive; {@code sample} rows
 * are raw columns, sensitive values <em>not</em> masked, timestamps in Python {@code isoformat()}.
 *
 * @param name entity name
 * @param label nullable
 * @param description nullable
 * @param fields field descriptors in field order
 * @param count {@code COUNT(*)}, {@code 0} on error
 * @param sample up to 5 rows, column order kept; {@code []} on error
 */
public record EntityDetail(String name, String label, String description, List<FieldDescriptor> fields, long count,
                           List<Map<String, Object>> sample) {

    /** Dazzle samples at most this many rows. */
    public static final int SAMPLE_LIMIT = 5;

    public EntityDetail {
        fields = OpsCollections.list(fields);
        sample = sample == null ? List.of() : sample.stream().map(OpsCollections::map).toList();
    }

    /** The descriptor of {@code field}, if the entity has one. */
    public java.util.Optional<FieldDescriptor> field(String field) {
        return fields.stream().filter(f -> f.name().equals(field)).findFirst();
    }
}
