package com.dazzleops.model.ops.integrations;

import com.dazzleops.model.ops.OpsCollections;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code GET /_dazzle/integrations/{name}/retries} (wire-ops §8): the outbound-call attempts recorded for one
 * integration, newest first. Mounted only when the AppSpec declares an {@code integration}; an undeclared name is
 * 404 {@code {"detail":"Integration '<name>' is not declared in the AppSpec"}}. {@code limit} 1..200, default 50.
 *
 * <p>Quirks: the store is in memory, per process, capped at 100 events per integration and lost on restart
 * ({@code volatile} is always {@code true}); {@code total} counts the retained events, not all ever.
 *
 * @param integration echo of {@code name}
 * @param events newest first, at most {@code limit}
 * @param total events retained (≤ 100)
 * @param limit echo
 * @param volatileStore the JSON key {@code volatile} (a Java keyword), always {@code true}
 */
public record IntegrationRetries(String integration, List<RetryEvent> events, long total, int limit,
                                 @JsonProperty("volatile") boolean volatileStore) {

    /** How many events Dazzle retains per integration. */
    public static final int RETAINED_PER_INTEGRATION = 100;

    public IntegrationRetries {
        events = OpsCollections.list(events);
    }

    /** The 404 detail for an undeclared integration name. */
    public static String notDeclaredDetail(String name) {
        return "Integration '" + name + "' is not declared in the AppSpec";
    }
}
