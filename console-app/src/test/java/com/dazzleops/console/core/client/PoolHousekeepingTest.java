package com.dazzleops.console.core.client;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PoolHousekeeping}: OkHttp pools on its clock still close connections idle past their keep-alive and
 * surplus to their idle limit (up to one sweep late), requests do not wait for it, and a request that hands its
 * connection back wakes no housekeeping thread.
 */
class PoolHousekeepingTest {

    private MockWebServer server;
    private PoolHousekeeping housekeeping;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                return new MockResponse.Builder().code(200).body("{}").build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        server.close();
    }

    private String get(OkHttpClient client) throws Exception {
        try (Response r = client.newCall(new Request.Builder().url(server.url("/x")).build()).execute()) {
            return r.body().string();
        }
    }

    private static void awaitCount(ConnectionPool pool, int count, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (pool.connectionCount() != count && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void aConnectionIdlePastItsKeepAliveIsClosedAtTheNextSweep() throws Exception {
        housekeeping = new PoolHousekeeping(Duration.ofMillis(300));
        ConnectionPool pool = housekeeping.newPool(2, Duration.ofMillis(100));
        OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();

        assertThat(get(client)).isEqualTo("{}");
        assertThat(get(client)).isEqualTo("{}");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(server.takeRequest().getConnectionIndex()).as("kept alive and reused between requests")
                .isEqualTo(server.takeRequest().getConnectionIndex());

        awaitCount(pool, 0, Duration.ofSeconds(5));
        assertThat(pool.connectionCount()).as("closed after keep-alive + at most one sweep").isZero();
    }

    @Test
    void connectionsBeyondTheIdleLimitAreClosed() throws Exception {
        housekeeping = new PoolHousekeeping(Duration.ofMillis(300));
        ConnectionPool pool = housekeeping.newPool(1, Duration.ofMinutes(5));
        OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
        // three requests in flight at once open three connections
        CountDownLatch release = new CountDownLatch(1);
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) throws InterruptedException {
                release.await(5, TimeUnit.SECONDS);
                return new MockResponse.Builder().code(200).body("{}").build();
            }
        });
        List<CompletableFuture<String>> calls = new ArrayList<>();
        java.util.concurrent.ExecutorService three = java.util.concurrent.Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try (Response r = client.newCall(new Request.Builder().url(server.url("/x")).build()).execute()) {
                    return r.body().string();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, three));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.getRequestCount() < 3 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        release.countDown();
        for (CompletableFuture<String> c : calls) {
            assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("{}");
        }
        three.shutdown();
        assertThat(java.util.stream.IntStream.range(0, 3).map(i -> {
            try {
                return server.takeRequest().getConnectionIndex();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().count()).as("three connections opened").isEqualTo(3);
        awaitCount(pool, 1, Duration.ofSeconds(5));
        assertThat(pool.connectionCount()).as("the idle limit is 1").isEqualTo(1);
    }

    @Test
    void handingAConnectionBackWakesNoHousekeepingThread() throws Exception {
        housekeeping = new PoolHousekeeping(Duration.ofSeconds(30));
        OkHttpClient client = new OkHttpClient.Builder().connectionPool(housekeeping.newPool(2, Duration.ofMinutes(2)))
                .build();
        get(client); // the first hand-back schedules the sweep; the coordinator runs it and sleeps until the next
        Thread.sleep(300);
        long before = housekeeping.wakeUps();
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThat(get(client)).isEqualTo("{}");
        }
        Thread.sleep(300);
        // OkHttp's own runner wakes its coordinator for each of these 50 hand-backs
        assertThat(housekeeping.wakeUps() - before).as("coordinator wake-ups during 50 requests")
                .isLessThanOrEqualTo((System.nanoTime() - t0) / TimeUnit.SECONDS.toNanos(30) + 1);
        assertThat(server.getRequestCount()).isEqualTo(51);
    }
}
