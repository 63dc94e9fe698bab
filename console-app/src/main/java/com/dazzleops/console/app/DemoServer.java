package com.dazzleops.console.app;

import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import com.dazzleops.server.RuntimeServer;
import com.dazzleops.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --demo}: the embedded runtime-server with its demo workload on a free port, registered as
 * "demo (embedded)" (environment dev). The profile keeps one id across runs, so its lag history carries over even
 * though the port changes; its URL is updated each start.
 */
public final class DemoServer implements AutoCloseable {

    public static final String PROFILE_ID = "demo-embedded";
    public static final String NAME = "demo (embedded)";
    private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);

    private final RuntimeServer server;

    private DemoServer(RuntimeServer server) {
        this.server = server;
    }

    /** Boots the server (blocks for a few seconds) with its database under {@code dataDir}. */
    public static DemoServer start(Path dataDir) throws java.io.IOException {
        Files.createDirectories(dataDir);
        RuntimeServer s = RuntimeServer.start(ServerConfig.builder().port(0).dataDir(dataDir).demo(true).build());
        LOG.info("demo server listening on {}", s.baseUrl());
        return new DemoServer(s);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Adds the demo profile to the registry, or points the existing one at this run's port. */
    public ServerProfile register(ServerRegistry registry) {
        URI url = ServerProfile.parseBaseUrl(baseUrl());
        var existing = registry.get(PROFILE_ID);
        if (existing.isPresent()) {
            ServerProfile p = existing.get();
            return p.baseUrl().equals(url) ? p : registry.update(p.withBaseUrl(baseUrl()));
        }
        // a stale demo entry from an older run may hold the same URL by chance: drop it rather than fail
        registry.list().stream().filter(p -> p.baseUrl().equals(url)).forEach(p -> registry.remove(p.id()));
        return registry.add(new ServerProfile(PROFILE_ID, NAME, url, null, false, Environment.DEV, null));
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "DemoServer[" + baseUrl() + "]";
    }
}
