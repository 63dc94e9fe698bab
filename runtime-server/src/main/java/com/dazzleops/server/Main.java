package com.dazzleops.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar runtime-server.jar [--demo] [--port N] [--host H] [--database-url URL] [--redis-url URL]
 * [--data-dir DIR]}. Flags override the environment (PORT, HOST, DATABASE_URL, REDIS_URL, JWT_SECRET).
 */
@Command(name = "runtime-server", mixinStandardHelpOptions = true, version = "dazzle runtime-server 0.1.0 (Dazzle 0.112.0 wire contract)",
        description = "Runs the invoice_ops Dazzle runtime with the /_dazzle ops surface.")
public final class Main implements Callable<Integer> {

    @Option(names = "--demo", description = "Run the demo workload (invoices moving, payments retrying, jobs dead-lettering).")
    boolean demo;

    @Option(names = "--port", description = "Port (env PORT, default 8000; 0 = any free port).")
    Integer port;

    @Option(names = "--host", description = "Bind address (env HOST, default 127.0.0.1).")
    String host;

    @Option(names = "--database-url", description = "postgresql://user:pass@host:5432/db or sqlite:/path (env DATABASE_URL; default a SQLite file under the data dir).")
    String databaseUrl;

    @Option(names = "--redis-url", description = "redis://host:6379 for the metrics stream (env REDIS_URL).")
    String redisUrl;

    @Option(names = "--data-dir", description = "Directory of the default SQLite file (env DAZZLE_DATA_DIR, default ./.dazzle).")
    Path dataDir;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dazzle-logback.xml");
        }
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // a configuration or boot error: one clear line, not a stack trace
                    Throwable root = e;
                    while (root.getCause() != null && root.getCause() != root) {
                        root = root.getCause();
                    }
                    cmd.getErr().println("[dazzle] cannot start: " + e.getMessage()
                            + (root != e && root.getMessage() != null ? " (" + root.getMessage() + ")" : ""));
                    return 1;
                })
                .execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig.Builder b = ServerConfig.builderFromEnvironment(System.getenv());
        if (demo) {
            b.demo(true);
        }
        if (port != null) {
            b.port(port);
        }
        if (host != null) {
            b.host(host);
        }
        if (databaseUrl != null) {
            b.databaseUrl(databaseUrl);
        }
        if (redisUrl != null) {
            b.redisUrl(redisUrl);
        }
        if (dataDir != null) {
            b.dataDir(dataDir);
        }
        ServerConfig config = b.build();
        RuntimeServer server = RuntimeServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dazzle-shutdown"));
        stopped.await();
        return 0;
    }
}
