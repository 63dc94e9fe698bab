package com.dazzleops.server.spi;

/**
 * A readiness contribution. {@code /_dazzle/ready} is ready only when the database and every check are ok; the first
 * failing check's reason becomes the body's {@code reason} (the database check keeps Dazzle's exact wording).
 * Checks must answer fast (well under a second): cache state in the subsystem rather than doing I/O here.
 */
@FunctionalInterface
public interface ReadinessCheck {

    Result check();

    /** @param reason null when ok; a short lower-case phrase otherwise (e.g. {@code event bus unreachable}) */
    record Result(boolean ok, String reason) {
        public static Result ready() {
            return new Result(true, null);
        }

        public static Result notReady(String reason) {
            return new Result(false, reason);
        }
    }
}
