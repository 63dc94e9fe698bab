package com.dazzleops.server;

import com.dazzleops.model.json.Wire;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A runtime-server on port 0 with a temporary SQLite file, plus a small HTTP client for tests. */
final class TestServer implements AutoCloseable {

    final Path dir;
    final RuntimeServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(ServerConfig.Builder config) {
        try {
            this.dir = Files.createTempDirectory("rs-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.server = RuntimeServer.start(config.host("127.0.0.1").port(0).dataDir(dir).jwtSecret("test-secret-for-runtime-server-tests").build());
    }

    static TestServer start() {
        return new TestServer(ServerConfig.builder().workers(false));
    }

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return Wire.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    Reply get(String path, String cookie) {
        return send("GET", path, null, cookie);
    }

    Reply send(String method, String path, String jsonBody, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern SESSION = Pattern.compile("dazzle_session=([^;]+)");

    /** Logs in (seeded password "demo") and returns the Cookie header value. */
    String login(String email) {
        Reply r = send("POST", "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"demo\"}", null);
        if (r.status() != 200) {
            throw new AssertionError("login " + email + " failed: " + r.status() + " " + r.body());
        }
        String setCookie = r.header("Set-Cookie");
        Matcher m = SESSION.matcher(setCookie == null ? "" : setCookie);
        if (!m.find()) {
            throw new AssertionError("no session cookie in " + setCookie);
        }
        return "dazzle_session=" + m.group(1);
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files: best effort
        }
    }
}
