package com.dazzleops.console.core.check;

import com.dazzleops.console.core.testing.FixtureServer;
import com.dazzleops.console.core.testing.Routes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    int run(String... args) {
        return CheckCommand.execute(new PrintStream(buf, true, StandardCharsets.UTF_8), args);
    }

    String out() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void healthyServersExitZeroWithATable() {
        try (FixtureServer a = new FixtureServer(Routes.healthy()); FixtureServer b = new FixtureServer(Routes.healthy())) {
            assertThat(run(a.url(), b.url())).as(out()).isEqualTo(0);
            assertThat(out()).contains(a.url() + "  UP  invoice_ops 0.112.0 (dsl 3fa09c1e)")
                    .contains("Event bus running      OK       running (PostgresBus)")
                    .contains("No stuck settlements").contains("all healthy");
        }
    }

    @Test
    void aBadCheckExitsOne() {
        Routes r = Routes.healthy().fixture("/_dazzle/ready", "ops/ready/not-ready.json");
        try (FixtureServer a = new FixtureServer(r)) {
            assertThat(run(a.url())).as(out()).isEqualTo(1);
            assertThat(out()).contains("DB reachable           BAD").contains("unhealthy");
        }
    }

    @Test
    void anUnreachableServerExitsTwoEvenBesideABadOne() throws Exception {
        Routes r = Routes.healthy().fixture("/_dazzle/ready", "ops/ready/not-ready.json");
        try (FixtureServer a = new FixtureServer(r)) {
            assertThat(run("--timeout", "2s", a.url(), "http://127.0.0.1:" + freePort())).as(out()).isEqualTo(2);
            assertThat(out()).contains("DOWN").contains("connection refused").contains("unreachable");
        }
    }

    @Test
    void jsonFormat() throws Exception {
        try (FixtureServer a = new FixtureServer(Routes.healthy())) {
            assertThat(run("--format", "json", a.url())).isEqualTo(0);
            JsonNode root = new ObjectMapper().readTree(out());
            assertThat(root.path("exit_code").asInt()).isEqualTo(0);
            JsonNode s = root.path("servers").get(0);
            assertThat(s.path("status").asText()).isEqualTo("up");
            assertThat(s.path("app").asText()).isEqualTo("invoice_ops");
            assertThat(s.path("checks")).hasSize(6);
            assertThat(s.path("checks").get(0).path("level").asText()).isEqualTo("ok");
            assertThat(s.path("checks").get(0).path("source").asText()).isEqualTo("GET /_dazzle/events/status");
        }
    }

    @Test
    void badInputIsAClearErrorAndExitTwo() {
        assertThat(run("http://h:1/_dazzle/health")).isEqualTo(2);
        assertThat(out()).contains("Remove the path");
        buf.reset();
        assertThat(run()).isEqualTo(2);
        assertThat(out()).contains("Missing required parameter");
        buf.reset();
        assertThat(run("--timeout", "soon", "http://h:1")).isEqualTo(2);
        assertThat(out()).contains("not a duration");
    }

    /** Against our real runtime-server when that module provides it. */
    @Test
    void realRuntimeServerIsHealthyThenUnreachable(@TempDir Path tmp) throws Exception {
        Class<?> rs;
        Class<?> cfg;
        try {
            rs = Class.forName("com.dazzleops.server.RuntimeServer");
            cfg = Class.forName("com.dazzleops.server.ServerConfig");
        } catch (ClassNotFoundException e) {
            Assumptions.abort("runtime-server's RuntimeServer is not on the classpath yet");
            return;
        }
        Object builder = cfg.getMethod("builder").invoke(null);
        builder = builder.getClass().getMethod("port", int.class).invoke(builder, 0);
        builder = builder.getClass().getMethod("dataDir", Path.class).invoke(builder, tmp);
        builder = builder.getClass().getMethod("demo", boolean.class).invoke(builder, false);
        Object config = builder.getClass().getMethod("build").invoke(builder);
        Object server = rs.getMethod("start", cfg).invoke(null, config);
        String url;
        Method close = rs.getMethod("close");
        try {
            url = String.valueOf(rs.getMethod("baseUrl").invoke(server));
            int code = run(url);
            assertThat(code).as(out()).isIn(0, 1);
            assertThat(out()).contains("UP").contains("invoice_ops").contains("DB reachable           OK");
        } finally {
            close.invoke(server);
        }
        buf.reset();
        assertThat(run("--timeout", "2s", url)).as(out()).isEqualTo(2);
    }
}
