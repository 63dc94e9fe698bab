package com.dazzleops.server.http;

import java.util.regex.Pattern;

/**
 * Dazzle's metrics path normalisation: every UUID-shaped substring (8-4-4-4-12 hex, any case, anywhere) becomes
 * {@code :id}, then every path segment made only of digits becomes {@code :id}. No query string.
 */
public final class PathNormalizer {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DIGITS = Pattern.compile("(?<=/)\\d+(?=/|$)");

    private PathNormalizer() {
    }

    public static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String p = UUID.matcher(path).replaceAll(":id");
        return DIGITS.matcher(p).replaceAll(":id");
    }
}
