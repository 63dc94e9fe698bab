package com.dazzleops.console.core.servers;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One server the console watches. Immutable; change it with the {@code with...} methods and
 * {@link ServerRegistry#update}.
 *
 * @param id stable identifier (a UUID string for profiles made by {@link #create}); used as the key in the registry
 *           and the sample store
 * @param displayName what the operator calls it
 * @param baseUrl scheme, host and optional port, no path, query or fragment; never ends in {@code /}
 * @param auth credentials for admin endpoints ({@link Auth#NONE} when there are none)
 * @param readOnly true: the console offers no operator actions (replay, retry) on this server
 * @param environment production / staging / dev / custom
 * @param colour {@code #rrggbb} band colour; defaults to the environment's colour
 */
public record ServerProfile(String id, String displayName, URI baseUrl, Auth auth, boolean readOnly,
                            Environment environment, String colour) {

    public ServerProfile {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a server id cannot be blank");
        }
        baseUrl = parseBaseUrl(Objects.requireNonNull(baseUrl, "baseUrl").toString());
        displayName = displayName == null || displayName.isBlank() ? baseUrl.getAuthority() : displayName.strip();
        auth = auth == null ? Auth.NONE : auth;
        environment = environment == null ? Environment.CUSTOM : environment;
        colour = colour == null || colour.isBlank() ? environment.defaultColour() : normaliseColour(colour);
    }

    /** A new profile with a fresh id. {@code url} is validated by {@link #parseBaseUrl}. */
    public static ServerProfile create(String displayName, String url, Environment environment) {
        return new ServerProfile(UUID.randomUUID().toString(), displayName, parseBaseUrl(url), Auth.NONE, false,
                environment, null);
    }

    /**
     * Validates and normalises a server address typed by a person.
     *
     * <p>Accepted: {@code http://host}, {@code https://host:8443}, {@code http://127.0.0.1:8000/} (a lone trailing
     * slash is dropped). Rejected with a message saying what is wrong: missing or other schemes, no host, user info,
     * any path, query or fragment (e.g. {@code http://host/_dazzle/health}: the console adds the paths itself).
     *
     * @throws IllegalArgumentException with a one-line message for a person
     */
    public static URI parseBaseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Enter the server's address, e.g. http://127.0.0.1:8000");
        }
        String t = text.strip();
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + t + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("'" + t + "' has no scheme: start it with http:// or https://");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + t + "' uses " + scheme + "://; only http:// and https:// are supported");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Put credentials in the token or cookie field, not in the URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("'" + t + "' has no host name");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("Remove the path '" + path + "': give only scheme, host and port "
                    + "(the console adds /_dazzle/... itself)");
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("Remove the query '?" + uri.getRawQuery() + "' from the address");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Remove the fragment '#" + uri.getRawFragment() + "' from the address");
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is out of range (1-65535)");
        }
        try {
            return new URI(scheme, null, host.toLowerCase(Locale.ROOT), port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + t + "' is not a valid URL: " + e.getReason());
        }
    }

    private static String normaliseColour(String c) {
        String s = c.strip();
        if (!s.startsWith("#")) {
            s = "#" + s;
        }
        if (!s.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("'" + c + "' is not a colour like #c62828");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The base URL as text without a trailing slash, e.g. {@code http://127.0.0.1:8000}. */
    public String baseUrlText() {
        return baseUrl.toString();
    }

    public ServerProfile withDisplayName(String v) {
        return new ServerProfile(id, v, baseUrl, auth, readOnly, environment, colour);
    }

    public ServerProfile withBaseUrl(String url) {
        return new ServerProfile(id, displayName, parseBaseUrl(url), auth, readOnly, environment, colour);
    }

    public ServerProfile withAuth(Auth v) {
        return new ServerProfile(id, displayName, baseUrl, v, readOnly, environment, colour);
    }

    public ServerProfile withReadOnly(boolean v) {
        return new ServerProfile(id, displayName, baseUrl, auth, v, environment, colour);
    }

    /** Changes the environment; the colour follows it unless it was customised. */
    public ServerProfile withEnvironment(Environment v) {
        boolean defaultColour = colour.equalsIgnoreCase(environment.defaultColour());
        return new ServerProfile(id, displayName, baseUrl, auth, readOnly, v, defaultColour ? null : colour);
    }

    public ServerProfile withColour(String v) {
        return new ServerProfile(id, displayName, baseUrl, auth, readOnly, environment, v);
    }

    /** Redacts the credentials: safe to log. */
    @Override
    public String toString() {
        return "ServerProfile[id=" + id + ", displayName=" + displayName + ", baseUrl=" + baseUrl + ", auth=" + auth
                + ", readOnly=" + readOnly + ", environment=" + environment + ", colour=" + colour + "]";
    }
}
