package com.dazzleops.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the runtime needs to boot, immutable. Build one with {@link #builder()} or read the process environment
 * with {@link #fromEnvironment(Map)}.
 *
 * <p>Defaults run out of the box: {@code 127.0.0.1:8000}, a SQLite file {@code invoice_ops.db} under
 * {@code ./.dazzle/}, no Redis, an ephemeral JWT secret (with a warning), no demo workload.
 */
public final class ServerConfig {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
    public static final Path DEFAULT_DATA_DIR = Path.of(".dazzle");

    private final String host;
    private final int port;
    private final String databaseUrl;
    private final Path dataDir;
    private final String redisUrl;
    private final String jwtSecret;
    private final boolean demo;
    private final Clock clock;
    private final boolean workers;
    private final String instance;

    private ServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.databaseUrl = blankToNull(b.databaseUrl);
        this.dataDir = b.dataDir;
        this.redisUrl = blankToNull(b.redisUrl);
        this.jwtSecret = blankToNull(b.jwtSecret);
        this.demo = b.demo;
        this.clock = b.clock;
        this.workers = b.workers;
        this.instance = b.instance;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code PORT}, {@code HOST}, {@code DATABASE_URL}, {@code REDIS_URL}, {@code JWT_SECRET} (and
     * {@code DAZZLE_DATA_DIR}, {@code DAZZLE_DEMO}). Unset or blank variables keep the defaults.
     *
     * @throws IllegalArgumentException when PORT is not a port number
     */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        return builderFromEnvironment(env).build();
    }

    /** Like {@link #fromEnvironment} but returns the builder, so flags can override the environment. */
    public static Builder builderFromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String port = blankToNull(env.get("PORT"));
        if (port != null) {
            try {
                b.port(Integer.parseInt(port.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PORT must be a number between 0 and 65535, got \"" + port + "\"");
            }
        }
        String host = blankToNull(env.get("HOST"));
        if (host != null) {
            b.host(host.trim());
        }
        b.databaseUrl(env.get("DATABASE_URL"));
        b.redisUrl(env.get("REDIS_URL"));
        b.jwtSecret(env.get("JWT_SECRET"));
        String dir = blankToNull(env.get("DAZZLE_DATA_DIR"));
        if (dir != null) {
            b.dataDir(Path.of(dir));
        }
        String demo = blankToNull(env.get("DAZZLE_DEMO"));
        if (demo != null) {
            b.demo(demo.equalsIgnoreCase("true") || demo.equals("1") || demo.equalsIgnoreCase("yes"));
        }
        String instance = blankToNull(env.get("DYNO"));
        if (instance == null) {
            instance = blankToNull(env.get("HOSTNAME"));
        }
        if (instance != null) {
            b.instance(instance);
        }
        return b;
    }

    public String host() {
        return host;
    }

    /** The configured port; 0 means "any free port" (ask {@link RuntimeServer#port()} for the real one). */
    public int port() {
        return port;
    }

    /** The DATABASE_URL, or null for the default SQLite file under {@link #dataDir()}. */
    public String databaseUrl() {
        return databaseUrl;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String redisUrl() {
        return redisUrl;
    }

    /** The JWT signing secret, or null (then an ephemeral one is generated at boot and a warning logged). */
    public String jwtSecret() {
        return jwtSecret;
    }

    public boolean demo() {
        return demo;
    }

    /** The clock every timestamp, backoff and schedule reads (tests inject a controllable one). */
    public Clock clock() {
        return clock;
    }

    /** Whether background workers (job worker, scheduler) run; tests that step the worker by hand turn this off. */
    public boolean workers() {
        return workers;
    }

    /** The {@code instance} tag of the Redis metrics stream (DYNO, else HOSTNAME, else {@code local}). */
    public String instance() {
        return instance;
    }

    /** The effective SQLite file when no DATABASE_URL is set. */
    public Path sqliteFile() {
        return dataDir.resolve("invoice_ops.db");
    }

    public Builder toBuilder() {
        return builder().host(host).port(port).databaseUrl(databaseUrl).dataDir(dataDir).redisUrl(redisUrl)
                .jwtSecret(jwtSecret).demo(demo).clock(clock).workers(workers).instance(instance);
    }

    @Override
    public String toString() {
        // never print the secret or a password inside a URL
        return "ServerConfig{host=" + host + ", port=" + port + ", database="
                + (databaseUrl == null ? "sqlite:" + sqliteFile() : com.dazzleops.server.db.DatabaseUrl.mask(databaseUrl))
                + ", redis=" + (redisUrl == null ? "none" : com.dazzleops.server.db.DatabaseUrl.mask(redisUrl))
                + ", jwtSecret=" + (jwtSecret == null ? "ephemeral" : "set") + ", demo=" + demo + "}";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Builder; every setter validates its argument. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String databaseUrl;
        private Path dataDir = DEFAULT_DATA_DIR;
        private String redisUrl;
        private String jwtSecret;
        private boolean demo;
        private Clock clock = Clock.systemUTC();
        private boolean workers = true;
        private String instance = "local";

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** null or blank = SQLite file under dataDir; {@code postgresql://...} = PostgreSQL; {@code sqlite:/path} or {@code jdbc:sqlite:...} = that file. */
        public Builder databaseUrl(String databaseUrl) {
            this.databaseUrl = databaseUrl;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        public Builder redisUrl(String redisUrl) {
            this.redisUrl = redisUrl;
            return this;
        }

        public Builder jwtSecret(String jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        public Builder demo(boolean demo) {
            this.demo = demo;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder workers(boolean workers) {
            this.workers = workers;
            return this;
        }

        public Builder instance(String instance) {
            this.instance = Objects.requireNonNull(instance, "instance");
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
