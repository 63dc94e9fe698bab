package com.dazzleops.model.ops.debug;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;

/**
 * {@code GET /_dazzle/spec} (wire-ops §2.5): a short summary of the AppSpec (the whole document is at
 * {@code /spec}, see {@link com.dazzleops.model.ops.system.AppSpecDocument}).
 *
 * <p>Quirks: {@code description} is the AppSpec <em>title</em>; {@code services} lists <em>surface</em> names and
 * {@code endpoints} is the number of surfaces, not of HTTP endpoints.
 *
 * @param name AppSpec name
 * @param description AppSpec title, nullable
 * @param entities runtime entity names
 * @param services surface names
 * @param endpoints number of surfaces
 */
public record DebugSpec(String name, String description, List<String> entities, List<String> services,
                        int endpoints) {

    public DebugSpec {
        entities = OpsCollections.list(entities);
        services = OpsCollections.list(services);
    }

    /** Builds the body with {@code endpoints} = the number of surfaces, as Dazzle does. */
    public static DebugSpec of(String name, String title, List<String> entities, List<String> surfaces) {
        return new DebugSpec(name, title, entities, surfaces, surfaces.size());
    }
}
