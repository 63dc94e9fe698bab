package com.dazzleops.console.core.monitor;

import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.model.json.WireResult;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one endpoint gave in one poll.
 *
 * @param endpoint which
 * @param path the path asked, with query
 * @param result value or failure
 * @param fetchedAt when the answer came
 * @param latency how long it took
 */
public record EndpointResult(Endpoint endpoint, String path, WireResult<?> result, Instant fetchedAt,
                             Duration latency) {

    public EndpointResult {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        path = path == null ? endpoint.path() : path;
        latency = latency == null ? Duration.ZERO : latency;
    }

    /** {@code GET <path>} for a tile's source line. */
    public String source() {
        return "GET " + path;
    }
}
