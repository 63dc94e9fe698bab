package com.dazzleops.console.core.servers;

import java.util.Objects;

/**
 * How the console authenticates to a server's admin endpoints (audit, diagnostics, JobRun CRUD).
 * Real Dazzle accepts only the session cookie on those routes; our runtime-server also accepts a bearer token.
 * {@code toString()} never shows the secret.
 */
public sealed interface Auth {

    /** No credentials: the ungated {@code /_dazzle/*} routes still work. */
    record None() implements Auth {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements Auth {
        public Bearer {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("the bearer token is empty");
            }
        }

        @Override
        public String toString() {
            return "bearer(***)";
        }
    }

    /** {@code Cookie: <name>=<value>}; the name is usually {@value #DEFAULT_COOKIE}. */
    record SessionCookie(String name, String value) implements Auth {
        public static final String DEFAULT_COOKIE = "dazzle_session";

        public SessionCookie {
            name = name == null || name.isBlank() ? DEFAULT_COOKIE : name.strip();
            Objects.requireNonNull(value, "session value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("the session cookie value is empty");
            }
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException("'" + name + "' is not a valid cookie name");
            }
            if (value.chars().anyMatch(c -> c < 0x21 || c == ';' || c == ',' || c == '"' || c == '\\' || c > 0x7e)) {
                throw new IllegalArgumentException("the session cookie value contains characters a cookie cannot carry");
            }
        }

        @Override
        public String toString() {
            return "cookie(" + name + "=***)";
        }
    }

    Auth NONE = new None();

    default boolean isPresent() {
        return !(this instanceof None);
    }
}
