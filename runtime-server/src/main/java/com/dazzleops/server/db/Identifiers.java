package com.dazzleops.server.db;

import java.util.regex.Pattern;

/**
 * SQL identifier validation. Every entity or column name that reaches SQL text passes through {@link #quote}, which
 * refuses anything but {@code ^[a-zA-Z_][a-zA-Z0-9_]*$} before quoting it, so no request text can become SQL.
 */
public final class Identifiers {

    private static final Pattern VALID = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    private Identifiers() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= 63 && VALID.matcher(name).matches();
    }

    /** {@code "Name"}, after validation. */
    public static String quote(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid SQL identifier: " + name);
        }
        return '"' + name + '"';
    }
}
