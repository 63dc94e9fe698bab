package com.dazzleops.bench.console.ui;

import com.dazzleops.server.RuntimeServer;
import com.dazzleops.server.ServerConfig;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * N Dazzle servers for the console benchmark, cheaply: one real runtime-server (demo workload) and N MockWebServer
 * ports in front of it that answer every path with that server's real answer, cached for a few seconds so N
 * consoles' worth of polling does not load the real server N times. Run in its own JVM so the console's CPU and
 * memory are measured alone.
 *
 * <p>Usage: {@code FleetFixture N PORTS_FILE DATA_DIR}; writes one port per line, then serves until killed, keeping
 * the number of requests answered so far in {@code PORTS_FILE.requests}.
 */
public final class FleetFixture {

    private static final Duration TTL = Duration.ofSeconds(3);

    private record Cached(long at, int status, String contentType, String body) {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path portsFile = Path.of(args[1]);
        Path dataDir = Path.of(args[2]);
        RuntimeServer real = RuntimeServer.start(ServerConfig.builder().port(0).dataDir(dataDir).demo(true).build());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Cached> cache = new ConcurrentHashMap<>();
        String base = real.baseUrl();

        java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                answered.incrementAndGet();
                String target = request.getTarget();
                long now = System.nanoTime();
                Cached c = cache.get(target);
                if (c == null || now - c.at() > TTL.toNanos()) {
                    c = fetch(http, base, target, now);
                    cache.put(target, c);
                }
                MockResponse.Builder b = new MockResponse.Builder().code(c.status()).body(c.body());
                if (c.contentType() != null) {
                    b.addHeader("Content-Type", c.contentType());
                }
                return b.build();
            }
        };
        List<MockWebServer> servers = new ArrayList<>();
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < n; i++) {
            MockWebServer s = new MockWebServer();
            s.setDispatcher(dispatcher);
            s.start(InetAddress.getLoopbackAddress(), 0);
            servers.add(s);
            ports.append(s.getPort()).append('\n');
        }
        Path tmp = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
        Files.writeString(tmp, ports);
        Files.move(tmp, portsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.err.println("fleet fixture: " + n + " servers in front of " + base);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            servers.forEach(MockWebServer::close);
            real.close();
        }));
        // the requests answered so far, for the bench's requests/s and CPU per request (REQUESTS_FILE, rewritten
        // every 200 ms; the bench reads it at the start and end of its measurement)
        Path counter = portsFile.resolveSibling(portsFile.getFileName() + ".requests");
        Path counterTmp = portsFile.resolveSibling(portsFile.getFileName() + ".requests.tmp");
        while (true) {
            Thread.sleep(200);
            Files.writeString(counterTmp, Long.toString(answered.get()));
            Files.move(counterTmp, counter, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static Cached fetch(HttpClient http, String base, String target, long now) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + target))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Cached(now, r.statusCode(), r.headers().firstValue("content-type").orElse(null), r.body());
        } catch (IOException | InterruptedException e) {
            return new Cached(now, 502, "application/json", "{\"detail\":\"fixture upstream failed: " + e + "\"}");
        }
    }
}
