package com.dazzleops.server.auth;

import com.dazzleops.model.json.Wire;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.HttpError;
import com.dazzleops.server.http.RouteTable;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /auth/login} (JSON {@code {"email","password"}} or a form with {@code email}/{@code username} and
 * {@code password}): sets the {@code dazzle_session} cookie and returns a bearer token; {@code POST /auth/logout};
 * {@code GET /auth/me}.
 */
public final class AuthRoutes {

    private final AuthService auth;

    public AuthRoutes(AuthService auth) {
        this.auth = auth;
    }

    public void register(RouteTable r) {
        r.post("/auth/login", this::login);
        r.post("/auth/logout", this::logout);
        r.get("/auth/me", ctx -> Http.json(ctx, userBody(auth.requireUser(ctx))));
    }

    private void login(Context ctx) throws SQLException {
        String email = null;
        String password = null;
        String ct = ctx.contentType() == null ? "" : ctx.contentType();
        if (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data")) {
            email = ctx.formParam("email") != null ? ctx.formParam("email") : ctx.formParam("username");
            password = ctx.formParam("password");
        } else {
            try {
                JsonNode b = Wire.mapper().readTree(ctx.body());
                if (b != null && b.isObject()) {
                    email = b.hasNonNull("email") ? b.get("email").asText() : b.path("username").asText(null);
                    password = b.path("password").asText(null);
                }
            } catch (Exception e) {
                throw HttpError.detail(400, "body must be JSON {\"email\": ..., \"password\": ...} or a form");
            }
        }
        Optional<AuthService.Login> login = auth.login(email, password);
        if (login.isEmpty()) {
            throw HttpError.detail(401, "Invalid credentials");
        }
        AuthService.Login l = login.get();
        Cookie cookie = new Cookie(AuthService.COOKIE, l.sessionId());
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setSameSite(SameSite.LAX);
        cookie.setMaxAge((int) Duration.ofHours(24).toSeconds());
        ctx.cookie(cookie);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", l.accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", AuthService.SESSION_TTL.toSeconds());
        body.put("user", userBody(l.user()));
        Http.json(ctx, body);
    }

    private void logout(Context ctx) throws SQLException {
        String sid = ctx.cookie(AuthService.COOKIE);
        if (sid != null) {
            auth.logout(sid);
        }
        ctx.removeCookie(AuthService.COOKIE, "/");
        Http.json(ctx, Map.of("success", true));
    }

    private static Map<String, Object> userBody(AuthService.AuthUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("email", u.email());
        m.put("name", u.name());
        m.put("roles", u.roles());
        m.put("is_superuser", u.superuser());
        m.put("tenant_id", u.tenantId());
        return m;
    }
}
