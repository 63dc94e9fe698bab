package com.dazzleops.server.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed DATABASE_URL: {@code postgresql://user:pass@host:5432/db?currentSchema=s} (also {@code postgres://}),
 * {@code sqlite:/path/file.db} / {@code sqlite:///path} / {@code jdbc:sqlite:...}, or none (the default SQLite file).
 *
 * @param original the URL as given (null for the default SQLite file)
 * @param schema the PostgreSQL schema from {@code currentSchema}/{@code schema}, else null
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password, String schema, String original) {

    private static final Pattern MASK = Pattern.compile("(://[^:/@]+:)[^@]*(@)");

    public static DatabaseUrl parse(String url, Path defaultSqliteFile) {
        if (url == null || url.isBlank()) {
            return sqlite(defaultSqliteFile.toAbsolutePath().toString(), null);
        }
        String u = url.trim();
        if (u.startsWith("jdbc:sqlite:")) {
            return new DatabaseUrl(Dialect.SQLITE, u, null, null, null, u);
        }
        if (u.startsWith("sqlite:")) {
            String path = u.substring("sqlite:".length());
            while (path.startsWith("//")) {
                path = path.substring(1);
            }
            return sqlite(path, u);
        }
        if (u.startsWith("postgresql://") || u.startsWith("postgres://")) {
            URI uri = URI.create(u.replaceFirst("^postgres(ql)?://", "http://"));
            String host = uri.getHost();
            if (host == null) {
                throw new IllegalArgumentException("DATABASE_URL has no host: " + mask(u));
            }
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            String user = null;
            String pass = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                pass = parts.length > 1 ? decode(parts[1]) : null;
            }
            Map<String, String> q = new LinkedHashMap<>();
            if (uri.getRawQuery() != null) {
                for (String kv : uri.getRawQuery().split("&")) {
                    if (kv.isEmpty()) {
                        continue;
                    }
                    String[] p = kv.split("=", 2);
                    q.put(decode(p[0]), p.length > 1 ? decode(p[1]) : "");
                }
            }
            String schema = q.containsKey("currentSchema") ? q.get("currentSchema") : q.remove("schema");
            if (schema != null && !Identifiers.isValid(schema)) {
                throw new IllegalArgumentException("DATABASE_URL schema is not a valid identifier: " + schema);
            }
            if (schema != null) {
                q.put("currentSchema", schema);
            }
            if (user != null && q.containsKey("user")) {
                q.remove("user");
            }
            StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/').append(db);
            if (!q.isEmpty()) {
                jdbc.append('?');
                boolean first = true;
                for (Map.Entry<String, String> e : q.entrySet()) {
                    if (!first) {
                        jdbc.append('&');
                    }
                    first = false;
                    jdbc.append(e.getKey()).append('=').append(e.getValue());
                }
            }
            return new DatabaseUrl(Dialect.POSTGRESQL, jdbc.toString(), user, pass, schema, u);
        }
        throw new IllegalArgumentException("unsupported DATABASE_URL (use postgresql://... or sqlite:/path): " + mask(u));
    }

    private static DatabaseUrl sqlite(String path, String original) {
        return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + path, null, null, null, original);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * Dazzle's masking rule (/db-info): the text between {@code user:} and the next {@code @} after {@code ://}
     * becomes {@code ***}; no password → unchanged; query-string passwords are not masked.
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        return MASK.matcher(url).replaceFirst("$1***$2");
    }

    /** The SQLite file path, for SQLite URLs. */
    public Path sqlitePath() {
        if (dialect != Dialect.SQLITE) {
            throw new IllegalStateException("not a SQLite URL");
        }
        String p = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = p.indexOf('?');
        return Path.of(q < 0 ? p : p.substring(0, q));
    }
}
