package com.dazzleops.console.core.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The servers the console watches, persisted as JSON in {@code servers.json} (see {@link ConsolePaths}).
 *
 * <p>Every change is written at once: to a temp file in the same directory (mode 0600), forced to disk, then moved
 * over the old file with {@code ATOMIC_MOVE}, so a crash leaves either the old or the new list, never half of one.
 * The directory is created with mode 0700. Tokens are stored in that owner-only file (as kubeconfig and similar
 * tools do) and never logged. A file that cannot be read is moved aside to {@code servers.json.corrupt-<time>} (so
 * nothing is lost) and {@link #loadProblem()} says why; the registry then starts empty.
 *
 * <p>Thread-safe. Listeners run on the calling thread after the file was written.
 */
public final class ServerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRegistry.class);
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, ServerProfile> servers = new LinkedHashMap<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final String loadProblem;

    private ServerRegistry(Path file) {
        this.file = file.toAbsolutePath();
        this.loadProblem = load();
    }

    /** Opens (or starts) the registry at {@code file}. Never throws for a bad file: see {@link #loadProblem()}. */
    public static ServerRegistry open(Path file) {
        return new ServerRegistry(file);
    }

    /** Opens the registry at {@link ConsolePaths#serversFile()}. */
    public static ServerRegistry openDefault() {
        return open(ConsolePaths.serversFile());
    }

    public Path file() {
        return file;
    }

    /** Why the stored file could not be read (it was moved aside), if it could not. */
    public Optional<String> loadProblem() {
        return Optional.ofNullable(loadProblem);
    }

    /** All profiles in the order they were added. */
    public synchronized List<ServerProfile> list() {
        return List.copyOf(servers.values());
    }

    public synchronized Optional<ServerProfile> get(String id) {
        return Optional.ofNullable(servers.get(id));
    }

    /**
     * Adds a profile and writes the file.
     *
     * @throws IllegalArgumentException when the id exists or another profile has the same base URL
     * @throws UncheckedIOException when the file cannot be written (the registry is unchanged then)
     */
    public ServerProfile add(ServerProfile profile) {
        synchronized (this) {
            if (servers.containsKey(profile.id())) {
                throw new IllegalArgumentException("a server with id " + profile.id() + " already exists");
            }
            checkUniqueUrl(profile);
            Map<String, ServerProfile> next = new LinkedHashMap<>(servers);
            next.put(profile.id(), profile);
            write(next);
            servers.put(profile.id(), profile);
        }
        fire(RegistryListener.Kind.ADDED, profile);
        return profile;
    }

    /**
     * Replaces the profile with the same id and writes the file.
     *
     * @throws IllegalArgumentException when there is no such id or another profile has the same base URL
     */
    public ServerProfile update(ServerProfile profile) {
        synchronized (this) {
            if (!servers.containsKey(profile.id())) {
                throw new IllegalArgumentException("no server with id " + profile.id());
            }
            checkUniqueUrl(profile);
            Map<String, ServerProfile> next = new LinkedHashMap<>(servers);
            next.put(profile.id(), profile);
            write(next);
            servers.put(profile.id(), profile);
        }
        fire(RegistryListener.Kind.UPDATED, profile);
        return profile;
    }

    /** Removes a profile; returns false when there was none with that id. */
    public boolean remove(String id) {
        ServerProfile removed;
        synchronized (this) {
            if (!servers.containsKey(id)) {
                return false;
            }
            Map<String, ServerProfile> next = new LinkedHashMap<>(servers);
            removed = next.remove(id);
            write(next);
            servers.remove(id);
        }
        fire(RegistryListener.Kind.REMOVED, removed);
        return true;
    }

    public void addListener(RegistryListener l) {
        listeners.add(l);
    }

    public void removeListener(RegistryListener l) {
        listeners.remove(l);
    }

    private void checkUniqueUrl(ServerProfile p) {
        for (ServerProfile o : servers.values()) {
            if (!o.id().equals(p.id()) && o.baseUrl().equals(p.baseUrl())) {
                throw new IllegalArgumentException("'" + o.displayName() + "' already watches " + p.baseUrl());
            }
        }
    }

    private void fire(RegistryListener.Kind kind, ServerProfile p) {
        for (RegistryListener l : listeners) {
            try {
                l.changed(kind, p);
            } catch (RuntimeException e) {
                LOG.warn("registry listener failed on {} {}", kind, p.id(), e);
            }
        }
    }

    // ---- persistence -------------------------------------------------------------------------------------------

    private String load() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root == null || !root.isObject() || !root.path("servers").isArray()) {
                throw new IOException("expected an object with a \"servers\" array");
            }
            Map<String, ServerProfile> read = new LinkedHashMap<>();
            int i = 0;
            for (JsonNode s : root.get("servers")) {
                try {
                    ServerProfile p = fromJson(s);
                    read.put(p.id(), p);
                } catch (RuntimeException e) {
                    throw new IOException("server #" + (i + 1) + ": " + e.getMessage(), e);
                }
                i++;
            }
            servers.putAll(read);
            return null;
        } catch (IOException e) {
            String why = "could not read " + file + ": " + e.getMessage();
            try {
                Path aside = file.resolveSibling(file.getFileName() + ".corrupt-"
                        + Instant.now().toString().replace(':', '-'));
                Files.move(file, aside);
                why += " (kept as " + aside.getFileName() + ")";
            } catch (IOException moveFailed) {
                why += " (and it could not be moved aside: " + moveFailed.getMessage() + ")";
            }
            LOG.warn("{}", why);
            return why;
        }
    }

    private void write(Map<String, ServerProfile> content) {
        try {
            Path dir = file.getParent();
            createPrivateDirectories(dir);
            ObjectNode root = JSON.createObjectNode();
            root.put("version", FORMAT_VERSION);
            ArrayNode arr = root.putArray("servers");
            content.values().forEach(p -> arr.add(toJson(p)));
            byte[] bytes = JSON.writeValueAsBytes(root);
            Path tmp = posix() ? Files.createTempFile(dir, "servers", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, "servers", ".tmp");
            try {
                try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(bytes));
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the server list to " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix()) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rwx------");
            Files.setPosixFilePermissions(dir, perms); // umask may have narrowed or widened the attribute
        } else {
            Files.createDirectories(dir);
        }
    }

    private static ObjectNode toJson(ServerProfile p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.id());
        o.put("display_name", p.displayName());
        o.put("base_url", p.baseUrlText());
        ObjectNode a = o.putObject("auth");
        if (p.auth() instanceof Auth.Bearer b) {
            a.put("type", "bearer");
            a.put("token", b.token());
        } else if (p.auth() instanceof Auth.SessionCookie c) {
            a.put("type", "cookie");
            a.put("name", c.name());
            a.put("value", c.value());
        } else {
            a.put("type", "none");
        }
        o.put("read_only", p.readOnly());
        o.put("environment", p.environment().name().toLowerCase(Locale.ROOT));
        o.put("colour", p.colour());
        return o;
    }

    private static ServerProfile fromJson(JsonNode s) {
        String id = text(s, "id", null);
        if (id == null) {
            throw new IllegalArgumentException("no id");
        }
        JsonNode a = s.path("auth");
        Auth auth = switch (a.path("type").asText("none")) {
            case "bearer" -> new Auth.Bearer(a.path("token").asText(""));
            case "cookie" -> new Auth.SessionCookie(a.path("name").asText(null), a.path("value").asText(""));
            default -> Auth.NONE;
        };
        Environment env;
        try {
            env = Environment.valueOf(s.path("environment").asText("custom").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            env = Environment.CUSTOM;
        }
        URI url = ServerProfile.parseBaseUrl(text(s, "base_url", ""));
        return new ServerProfile(id, text(s, "display_name", null), url, auth, s.path("read_only").asBoolean(false),
                env, text(s, "colour", null));
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    @Override
    public String toString() {
        return "ServerRegistry[" + file + ", " + list().size() + " servers]";
    }

    /** For tests and the UI's "copy list" feature: the profiles as an unmodifiable list (tokens included). */
    List<ServerProfile> snapshot() {
        return new ArrayList<>(servers.values());
    }
}
