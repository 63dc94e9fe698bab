package com.dazzleops.console.core.checks;

import java.util.Objects;

/**
 * One check's outcome, ready for a tile.
 *
 * @param id which check
 * @param level ok / warning / bad / unknown
 * @param value the short figure for the tile, e.g. {@code "running (PostgresBus)"}, {@code "3 pending, 0 failed"}
 * @param source the endpoint it came from, e.g. {@code GET /_dazzle/events/outbox}
 * @param detail one or two sentences for a tooltip: why this level, thresholds used
 */
public record Check(CheckId id, CheckLevel level, String value, String source, String detail) {

    public Check {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        value = value == null ? "" : value;
        source = source == null ? "" : source;
        detail = detail == null ? "" : detail;
    }

    /** The tile title, {@link CheckId#title()}. */
    public String name() {
        return id.title();
    }
}
