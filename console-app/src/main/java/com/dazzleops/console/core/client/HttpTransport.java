package com.dazzleops.console.core.client;

import com.dazzleops.console.core.servers.Auth;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one GET (or an operational POST) and hands back the raw answer. The real one is {@link OkHttpTransport}; the seam exists so the
 * monitor's scheduling can be tested deterministically. Implementations never complete the future exceptionally:
 * a failure to reach the server is an {@link HttpAnswer} with status 0.
 */
public interface HttpTransport extends AutoCloseable {

    /**
     * @param baseUrl the server
     * @param pathAndQuery e.g. {@code /_dazzle/events/dlq?limit=5}
     * @param auth credentials to send ({@link Auth#NONE} for none)
     * @param timeout the whole call's time limit
     */
    CompletableFuture<HttpAnswer> get(URI baseUrl, String pathAndQuery, Auth auth, Duration timeout);

    /**
     * Sends one POST without a body (Dazzle's operational POSTs, e.g. a DLQ replay, read only their query). It
     * carries an {@code Origin} equal to the server's own origin, which Dazzle's CSRF layer admits (wire-events
     * section 2.2). Like {@link #get}, the future never completes exceptionally.
     */
    default CompletableFuture<HttpAnswer> post(URI baseUrl, String pathAndQuery, Auth auth, Duration timeout) {
        return CompletableFuture.completedFuture(HttpAnswer.unreachable("this transport cannot send POST requests"));
    }

    /**
     * Runs {@code starts}, whose requests are meant to run at the same time (capability probes): a transport that
     * runs a request made on one of its own threads right there, one after the other ({@link OkHttpTransport}),
     * hands these to other threads instead, so a probe that hangs until its timeout does not hold up the others.
     * The default just runs it.
     */
    default <T> T concurrently(java.util.function.Supplier<T> starts) {
        return starts.get();
    }

    @Override
    void close();
}
