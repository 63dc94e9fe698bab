package com.dazzleops.console.core.testing;

import com.dazzleops.console.core.client.HttpAnswer;
import com.dazzleops.console.core.client.HttpTransport;
import com.dazzleops.console.core.servers.Auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers synchronously from {@link Routes} (for deterministic scheduling tests); "down" = connection refused. */
public final class FixtureTransport implements HttpTransport {

    private final Routes routes;
    public final List<String> requested = new CopyOnWriteArrayList<>();

    public FixtureTransport(Routes routes) {
        this.routes = routes;
    }

    @Override
    public CompletableFuture<HttpAnswer> get(URI baseUrl, String pathAndQuery, Auth auth, Duration timeout) {
        requested.add(pathAndQuery);
        if (routes.isDown()) {
            return CompletableFuture.completedFuture(HttpAnswer.unreachable("connection refused"));
        }
        return CompletableFuture.completedFuture(routes.lookup(pathAndQuery));
    }

    /** POSTs are looked up as {@code "POST " + path} (with query, else without) and recorded the same way. */
    @Override
    public CompletableFuture<HttpAnswer> post(URI baseUrl, String pathAndQuery, Auth auth, Duration timeout) {
        requested.add("POST " + pathAndQuery);
        if (routes.isDown()) {
            return CompletableFuture.completedFuture(HttpAnswer.unreachable("connection refused"));
        }
        return CompletableFuture.completedFuture(routes.lookup("POST " + pathAndQuery));
    }

    @Override
    public void close() {
    }
}
