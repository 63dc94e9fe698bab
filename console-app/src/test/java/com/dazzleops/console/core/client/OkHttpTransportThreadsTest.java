package com.dazzleops.console.core.client;

import com.dazzleops.console.core.servers.Auth;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which thread a request of {@link OkHttpTransport} runs on: handed to one of the transport's threads when asked
 * from elsewhere (the caller never blocks), run right there when asked on one of them (a poll's next request), and
 * handed to other threads again inside {@link OkHttpTransport#concurrently} (probes that must not wait for each
 * other).
 */
class OkHttpTransportThreadsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long SLOW_MS = 400;

    private MockWebServer server;
    private OkHttpTransport transport;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getTarget().startsWith("/slow")) {
                    Thread.sleep(SLOW_MS);
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body("{\"path\":\"" + request.getTarget() + "\"}").build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        base = URI.create("http://127.0.0.1:" + server.getPort());
        transport = new OkHttpTransport();
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    private CompletableFuture<HttpAnswer> get(String path) {
        return transport.get(base, path, Auth.NONE, TIMEOUT);
    }

    @Test
    void aRequestFromAnotherThreadIsHandedOverAndItsNextRequestRunsOnTheSameThread() throws Exception {
        Thread caller = Thread.currentThread();
        List<Thread> threads = new ArrayList<>();
        List<Boolean> doneWhenReturned = new ArrayList<>();
        CompletableFuture<HttpAnswer> first = get("/slow/a");
        assertThat(first).as("the caller does not wait for the answer").isNotDone();
        HttpAnswer last = first.thenCompose(a -> {
            threads.add(Thread.currentThread());
            CompletableFuture<HttpAnswer> next = get("/b");
            doneWhenReturned.add(next.isDone());
            return next;
        }).thenApply(b -> {
            threads.add(Thread.currentThread());
            return b;
        }).get(10, TimeUnit.SECONDS);

        assertThat(last.status()).isEqualTo(200);
        assertThat(last.body()).contains("/b");
        assertThat(threads).hasSize(2).doesNotContain(caller);
        assertThat(threads.get(0).getName()).startsWith("dazzle-http-");
        assertThat(threads.get(1)).as("the chained request ran where the first answer arrived").isSameAs(threads.get(0));
        assertThat(doneWhenReturned).as("asked on a transport thread, the request ran before get returned")
                .containsExactly(true);
    }

    @Test
    void requestsStartedInsideConcurrentlyRunAtTheSameTime() throws Exception {
        // on a transport thread, four slow requests one after the other take four times as long...
        long inline = get("/a").thenCompose(a -> timed(() -> startFour("inline"))).get(20, TimeUnit.SECONDS);
        assertThat(inline).isGreaterThanOrEqualTo(4 * SLOW_MS);
        // ...and inside concurrently() they overlap
        long forked = get("/a").thenCompose(a -> timed(() -> transport.concurrently(() -> startFour("forked"))))
                .get(20, TimeUnit.SECONDS);
        assertThat(forked).isLessThan(3 * SLOW_MS);
        assertThat(server.getRequestCount()).isEqualTo(10);
    }

    private CompletableFuture<Void> startFour(String tag) {
        List<CompletableFuture<HttpAnswer>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(get("/slow/" + tag + "/" + i));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenRun(() ->
                all.forEach(f -> assertThat(f.join().status()).isEqualTo(200)));
    }

    private static CompletableFuture<Long> timed(java.util.function.Supplier<CompletableFuture<Void>> work) {
        long t0 = System.nanoTime();
        return work.get().thenApply(v -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
}
