package com.dazzleops.server.auth;

import com.dazzleops.server.db.Database;
import com.dazzleops.server.db.SqlTime;
import com.dazzleops.server.http.HttpError;
import com.dazzleops.server.spi.Actor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users, sessions and tokens. A login creates a server-side session (cookie {@code dazzle_session}, what Dazzle's
 * session dependency reads) and also issues an HS256 JWT signed with JWT_SECRET (or an ephemeral secret, with a
 * warning) for API clients that prefer a bearer token.
 */
public final class AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    public static final String COOKIE = "dazzle_session";
    public static final Duration SESSION_TTL = Duration.ofHours(24);

    private final Database db;
    private final Clock clock;
    private final byte[] secret;
    private final boolean ephemeral;
    private final ObjectMapper json = new ObjectMapper();

    /** An authenticated user. */
    public record AuthUser(String id, String email, String name, List<String> roles, boolean superuser, String tenantId) {
        public Actor actor() {
            return new Actor(id, email, roles, superuser, tenantId);
        }
    }

    public record Login(AuthUser user, String sessionId, String accessToken, Instant expiresAt) {
    }

    public AuthService(Database db, Clock clock, String jwtSecret) {
        this.db = db;
        this.clock = clock;
        if (jwtSecret == null) {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            this.secret = b;
            this.ephemeral = true;
            LOG.warn("WARNING: JWT_SECRET not set - using an ephemeral secret; issued tokens will not survive a restart");
        } else {
            this.secret = keyBytes(jwtSecret);
            this.ephemeral = false;
        }
    }

    /** HS256 needs 256 bits: shorter secrets are stretched with SHA-256 (documented in the README). */
    private static byte[] keyBytes(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        if (raw.length >= 32) {
            return raw;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean ephemeralSecret() {
        return ephemeral;
    }

    /** Creates a user (seeding). */
    public void createUser(String id, String email, String name, String password, List<String> roles, boolean superuser,
                           String tenantId) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, email, name, password_hash, roles, is_superuser, is_active, tenant_id, created_at)"
                    + " VALUES (?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, email);
                ps.setString(3, name);
                ps.setString(4, PasswordHasher.hash(password));
                ps.setString(5, json.writeValueAsString(roles));
                ps.setBoolean(6, superuser);
                ps.setBoolean(7, true);
                ps.setString(8, tenantId);
                ps.setString(9, SqlTime.store(clock.instant()));
                ps.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    public Optional<AuthUser> userByEmail(String email) throws SQLException {
        return findUser("email", email);
    }

    public Optional<AuthUser> userById(String id) throws SQLException {
        return findUser("id", id);
    }

    private Optional<AuthUser> findUser(String column, String value) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, email, name, roles, is_superuser, tenant_id, is_active FROM users WHERE "
                    + (column.equals("id") ? "id" : "email") + " = ?")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(7)) {
                        return Optional.empty();
                    }
                    return Optional.of(new AuthUser(rs.getString(1), rs.getString(2), rs.getString(3), roles(rs.getString(4)),
                            rs.getBoolean(5), rs.getString(6)));
                }
            }
        });
    }

    private List<String> roles(String text) {
        try {
            return text == null ? List.of() : json.readValue(text, new TypeReference<List<String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }

    /** Checks the password; on success creates a session and a token. Empty on bad credentials. */
    public Optional<Login> login(String email, String password) throws SQLException {
        if (email == null || password == null) {
            return Optional.empty();
        }
        String hash = db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM users WHERE email = ? AND is_active = ?")) {
                ps.setString(1, email);
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (hash == null || !PasswordHasher.verify(password, hash)) {
            return Optional.empty();
        }
        AuthUser u = userByEmail(email).orElseThrow();
        Instant now = clock.instant();
        Instant exp = now.plus(SESSION_TTL);
        String sid = newSessionId();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?,?,?,?)")) {
                ps.setString(1, sid);
                ps.setString(2, u.id());
                ps.setString(3, SqlTime.store(now));
                ps.setString(4, SqlTime.store(exp));
                ps.executeUpdate();
            }
            return null;
        });
        return Optional.of(new Login(u, sid, token(u, now, exp), exp));
    }

    public void logout(String sessionId) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE id = ?")) {
                ps.setString(1, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static String newSessionId() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private String token(AuthUser u, Instant now, Instant exp) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(u.id()).claim("email", u.email()).claim("roles", u.roles())
                    .claim("is_superuser", u.superuser())
                    .issueTime(Date.from(now)).expirationTime(Date.from(exp)).jwtID(UUID.randomUUID().toString())
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** The user of a valid bearer token, else empty. */
    public Optional<AuthUser> verifyToken(String token) throws SQLException {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret))) {
                return Optional.empty();
            }
            Date exp = jwt.getJWTClaimsSet().getExpirationTime();
            if (exp == null || exp.toInstant().isBefore(clock.instant())) {
                return Optional.empty();
            }
            return userById(jwt.getJWTClaimsSet().getSubject());
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }

    /** The user of a live session, else empty. */
    public Optional<AuthUser> session(String sessionId) throws SQLException {
        String userId = db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id, expires_at FROM sessions WHERE id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    return SqlTime.parse(rs.getString(2)).isAfter(clock.instant()) ? rs.getString(1) : null;
                }
            }
        });
        return userId == null ? Optional.empty() : userById(userId);
    }

    /**
     * Dazzle's required-session dependency: no credential → 401 "Not authenticated"; an invalid or expired one → 401
     * "Session expired". Accepts the {@code dazzle_session} cookie and, as an addition, a bearer JWT.
     */
    public AuthUser requireUser(Context ctx) throws SQLException {
        String cookie = ctx.cookie(COOKIE);
        String bearer = bearer(ctx);
        if ((cookie == null || cookie.isEmpty()) && bearer == null) {
            throw HttpError.detail(401, "Not authenticated");
        }
        Optional<AuthUser> u = cookie != null && !cookie.isEmpty() ? session(cookie) : verifyToken(bearer);
        if (u.isEmpty() && cookie != null && bearer != null) {
            u = verifyToken(bearer);
        }
        return u.orElseThrow(() -> HttpError.detail(401, "Session expired"));
    }

    /** The current user if any valid credential is present, without failing. */
    public Optional<AuthUser> optionalUser(Context ctx) throws SQLException {
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && !cookie.isEmpty()) {
            Optional<AuthUser> u = session(cookie);
            if (u.isPresent()) {
                return u;
            }
        }
        String bearer = bearer(ctx);
        return bearer == null ? Optional.empty() : verifyToken(bearer);
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) && h.length() > 7) {
            return h.substring(7).trim();
        }
        return null;
    }
}
