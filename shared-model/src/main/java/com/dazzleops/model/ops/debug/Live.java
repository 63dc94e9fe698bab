package com.dazzleops.model.ops.debug;

/**
 * {@code GET /_dazzle/live} (wire-ops §2.2): always HTTP 200 {@code {"alive":true}}.
 *
 * @param alive always {@code true} from a real server; a missing key reads as {@code null}
 */
public record Live(Boolean alive) {

    /** The only body a Dazzle server sends. */
    public static Live ok() {
        return new Live(Boolean.TRUE);
    }

    public boolean isAlive() {
        return Boolean.TRUE.equals(alive);
    }
}
