package com.dazzleops.server.db;

import com.dazzleops.model.json.WireTime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How timestamps are stored: TEXT in one fixed-width UTC form, {@code 2026-05-22T09:14:03.512907+00:00}, always six
 * fraction digits, so text comparison and ORDER BY agree with time order on both dialects (the audit log's
 * {@code since} filter relies on it, as Dazzle's does). Rendering for the wire goes through {@link WireTime}.
 */
public final class SqlTime {

    private static final DateTimeFormatter STORE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'");

    private SqlTime() {
    }

    public static String store(Instant instant) {
        return STORE.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** Parses any stored or client-supplied timestamp text (naive text is read as UTC). */
    public static Instant parse(String text) {
        return WireTime.parse(text).toInstant();
    }

    /** Python isoformat of the stored value ({@code +00:00}, no fraction when zero) or null. */
    public static String pythonIso(String stored) {
        return stored == null ? null : WireTime.pythonIso(parse(stored)).text();
    }

    /** Pydantic JSON of the stored value ({@code Z}) or null. */
    public static String pydantic(String stored) {
        return stored == null ? null : WireTime.pydantic(parse(stored)).text();
    }
}
