package com.dazzleops.server.events;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With the framework off (or not started) every route answers the contract's inactive body with 200 (§3). */
class InactiveRoutesTest {

    Javalin app;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        EventsRoutes routes = new EventsRoutes(() -> null, List.of("https://trusted.example"));
        app = Javalin.create(cfg -> routes.register(cfg.routes)).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void inactiveBodiesExactly() throws Exception {
        assertThat(send("GET", "/_dazzle/events/status").body()).isEqualTo("{\"running\":false,\"broker_type\":\"none\","
                + "\"topics_count\":0,\"consumers_count\":0,\"outbox_pending\":0,\"dlq_count\":0}");
        assertThat(send("GET", "/_dazzle/events/topics").body()).isEqualTo("{\"topics\":[],\"total_events\":0}");
        assertThat(send("GET", "/_dazzle/events/topics/auth.user?offset=3").body())
                .isEqualTo("{\"topic\":\"auth.user\",\"events\":[],\"total\":0,\"offset\":3,\"limit\":20}");
        assertThat(send("GET", "/_dazzle/events/event/abc").body()).isEqualTo("null");
        assertThat(send("GET", "/_dazzle/events/consumers").body()).isEqualTo("{\"consumers\":[]}");
        assertThat(send("GET", "/_dazzle/events/outbox").body()).isEqualTo("{\"stats\":{\"pending\":0,\"publishing\":0,"
                + "\"published\":0,\"failed\":0,\"oldest_pending\":null},\"recent_entries\":[]}");
        assertThat(send("GET", "/_dazzle/events/dlq").body()).isEqualTo("{\"entries\":[],\"total\":0}");
        HttpResponse<String> replay = send("POST", "/_dazzle/events/dlq/x/replay?group_id=g", "Sec-Fetch-Site", "same-origin");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("{\"success\":false,\"error\":\"Event system not running\"}");
        assertThat(send("GET", "/_dazzle/events/status").headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void csrfRulesOfTheReplayRoute() throws Exception {
        String path = "/_dazzle/events/dlq/x/replay?group_id=g";
        assertThat(send("POST", path).statusCode()).isEqualTo(403);
        assertThat(send("POST", path, "Authorization", "Bearer anything").statusCode()).isEqualTo(200);
        assertThat(send("POST", path, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(send("POST", path, "Sec-Fetch-Site", "cross-site", "Origin", "https://trusted.example").statusCode())
                .isEqualTo(200);
        assertThat(send("POST", path, "Origin", "http://127.0.0.1:" + app.port()).statusCode()).isEqualTo(200);
        assertThat(send("POST", path, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(send("POST", path, "X-CSRF-Token", "t0k", "Cookie", "dazzle_csrf=t0k").statusCode()).isEqualTo(200);
        assertThat(send("POST", path, "X-CSRF-Token", "t0k", "Cookie", "dazzle_csrf=other").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/_dazzle/events/dlq/x/replay", "Origin", "http://127.0.0.1:" + app.port()).body())
                .contains("\"type\":\"missing\"").contains("group_id");
    }
}
