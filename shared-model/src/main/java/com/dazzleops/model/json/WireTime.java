package com.dazzleops.model.json;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A timestamp exactly as it travels on a Dazzle wire.
 *
 * <p>Dazzle renders timestamps four ways depending on the code path (contract wire-ops §0.1, wire-events §2.3):
 * Python {@code isoformat()} on an aware value ({@code 2026-05-22T09:14:03.512907+00:00}, fraction omitted when the
 * microseconds are 0), {@code isoformat()} on a naive local value (no offset), Pydantic's JSON ({@code ...Z}), and
 * PostgreSQL's text form ({@code 2026-08-22 09:21:07.33+00}). A {@code WireTime} keeps the original text, so a value
 * read from a server and written back is byte for byte the same, and exposes the instant for computation.
 *
 * <p>{@link #parse} is lenient: {@code T} or space separator, 0-9 fraction digits, offset {@code Z}, {@code +HH},
 * {@code +HHMM}, {@code +HH:MM} or none.
 */
public final class WireTime implements Comparable<WireTime> {

    /** How a timestamp was (or is to be) rendered. */
    public enum Style {
        /** Python {@code datetime.isoformat()} of an aware value: {@code +00:00}, 6-digit fraction or none. */
        PYTHON_ISO,
        /** Pydantic JSON: UTC as {@code Z}. */
        PYDANTIC,
        /** Python {@code isoformat()} of a naive (local-time) value: no offset. */
        NAIVE,
        /** PostgreSQL text: space separator, offset possibly hours only. */
        DATABASE_TEXT,
        /** Anything else the lenient parser accepted. */
        OTHER,
        /**
         * Text that is not a timestamp at all (a corrupt row). Kept as text so one bad value does not make a whole
         * list undecodable; {@link #isValid()} is false and {@link #instant()} is empty.
         */
        UNPARSEABLE
    }

    private static final Pattern LENIENT = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2})([T ])(\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
                    + "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$");

    private final String text;
    private final LocalDateTime local;
    private final ZoneOffset offset; // null when naive
    private final Style style;

    private WireTime(String text, LocalDateTime local, ZoneOffset offset, Style style) {
        this.text = text;
        this.local = local;
        this.offset = offset;
        this.style = style;
    }

    /**
     * Parses any rendering a Dazzle server sends.
     *
     * @throws IllegalArgumentException with a message naming the text when it is not a timestamp
     */
    public static WireTime parse(String text) {
        Objects.requireNonNull(text, "timestamp text");
        WireTime fast = parseFast(text);
        if (fast != null) {
            return fast;
        }
        String t = text.trim();
        Matcher m = LENIENT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timestamp: \"" + abbreviate(text) + "\"");
        }
        try {
            int sec = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            String frac = m.group(6);
            int nanos = frac == null ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9));
            LocalDateTime ldt = LocalDateTime.parse(m.group(1) + "T" + m.group(3) + ":" + m.group(4))
                    .withSecond(sec).withNano(nanos);
            String off = m.group(7);
            ZoneOffset zo = null;
            if (off != null) {
                if (off.equalsIgnoreCase("Z")) {
                    zo = ZoneOffset.UTC;
                } else {
                    String digits = off.substring(1).replace(":", "");
                    int hh = Integer.parseInt(digits.substring(0, 2));
                    int mm = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
                    int sign = off.charAt(0) == '-' ? -1 : 1;
                    zo = ZoneOffset.ofHoursMinutes(sign * hh, sign * mm);
                }
            }
            return new WireTime(text, ldt, zo, classify(m, frac, off));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid timestamp: \"" + abbreviate(text) + "\" (" + e.getMessage() + ")", e);
        }
    }

    /**
     * {@link #parse} without the regular expression and the intermediate strings, for the shapes servers send
     * (a list of a hundred job runs carries some four hundred timestamps): {@code yyyy-MM-dd}, {@code T} or space,
     * {@code HH:mm:ss}, an optional fraction of 1-9 digits, an optional offset ({@code Z}, {@code ±HH},
     * {@code ±HHMM}, {@code ±HH:MM}) and nothing else. Anything else, or an invalid field, gives null and is left to
     * the lenient parser (which then decides, and words any error).
     */
    private static WireTime parseFast(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        char sep = t.charAt(10);
        if (sep != 'T' && sep != ' ') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        int fracLen = -1; // no fraction
        if (i < n && (t.charAt(i) == '.' || t.charAt(i) == ',')) {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(t.charAt(i))) {
                nanos = nanos * 10 + (t.charAt(i) - '0');
                i++;
            }
            fracLen = i - start;
            if (fracLen < 1 || fracLen > 9) {
                return null;
            }
            for (int k = fracLen; k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset zo = null;
        int offLen = n - i;
        if (offLen > 0) {
            char c = t.charAt(i);
            if ((c == 'Z' || c == 'z') && offLen == 1) {
                zo = ZoneOffset.UTC;
            } else if ((c == '+' || c == '-') && (offLen == 3 || offLen == 5 || offLen == 6)) {
                int hh = digits(t, i + 1, 2);
                int mm;
                if (offLen == 3) {
                    mm = 0;
                } else if (offLen == 5) {
                    mm = digits(t, i + 3, 2);
                } else if (offLen == 6 && t.charAt(i + 3) == ':') {
                    mm = digits(t, i + 4, 2);
                } else {
                    return null;
                }
                if ((hh | mm) < 0) {
                    return null;
                }
                int sign = c == '-' ? -1 : 1;
                try {
                    zo = ZoneOffset.ofHoursMinutes(sign * hh, sign * mm);
                } catch (java.time.DateTimeException e) {
                    return null;
                }
            } else {
                return null;
            }
        }
        LocalDateTime ldt;
        try {
            ldt = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (java.time.DateTimeException e) {
            return null;
        }
        boolean tSep = sep == 'T';
        boolean pyFrac = fracLen < 0 || fracLen == 6;
        Style style;
        if (zo == null) {
            style = tSep && pyFrac ? Style.NAIVE : Style.OTHER;
        } else if (!tSep) {
            style = Style.DATABASE_TEXT;
        } else if (offLen == 1) {
            style = Style.PYDANTIC;
        } else {
            style = pyFrac && offLen == 6 ? Style.PYTHON_ISO : Style.OTHER;
        }
        return new WireTime(t, ldt, zo, style);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value of {@code len} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String t, int from, int len) {
        int v = 0;
        for (int k = from; k < from + len; k++) {
            char c = t.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * How JSON text becomes a {@code WireTime}: never throws, so one corrupt timestamp in a list of a hundred rows
     * does not lose the other ninety-nine. Text that is not a timestamp gives an {@link Style#UNPARSEABLE} value.
     */
    @JsonCreator
    public static WireTime fromWire(String text) {
        if (text == null) {
            return null;
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return new WireTime(text, null, null, Style.UNPARSEABLE);
        }
    }

    /** Like {@link #parse} but empty instead of an exception; {@code null} and blank give empty. */
    public static Optional<WireTime> tryParse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Style classify(Matcher m, String frac, String off) {
        boolean tSep = "T".equals(m.group(2));
        boolean pyFrac = frac == null || frac.length() == 6;
        if (off == null) {
            return tSep && pyFrac && m.group(5) != null ? Style.NAIVE : Style.OTHER;
        }
        if (!tSep) {
            return Style.DATABASE_TEXT;
        }
        if (off.equalsIgnoreCase("Z")) {
            return Style.PYDANTIC;
        }
        return pyFrac && off.length() == 6 ? Style.PYTHON_ISO : Style.OTHER;
    }

    /** Python {@code isoformat()} of an aware UTC value: {@code +00:00}, microseconds, no fraction when zero. */
    public static WireTime pythonIso(Instant instant) {
        return pythonIso(instant.atOffset(ZoneOffset.UTC));
    }

    /** Python {@code isoformat()} of an aware value in its own offset. */
    public static WireTime pythonIso(OffsetDateTime value) {
        OffsetDateTime v = value.truncatedTo(ChronoUnit.MICROS);
        String s = isoLocal(v.toLocalDateTime()) + formatOffset(v.getOffset());
        return new WireTime(s, v.toLocalDateTime(), v.getOffset(), Style.PYTHON_ISO);
    }

    /** Pydantic's JSON rendering of an aware UTC value: {@code Z}, microseconds, no fraction when zero. */
    public static WireTime pydantic(Instant instant) {
        LocalDateTime l = LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return new WireTime(isoLocal(l) + "Z", l, ZoneOffset.UTC, Style.PYDANTIC);
    }

    /** Python {@code isoformat()} of a naive local-time value (no offset). */
    public static WireTime naive(LocalDateTime localTime) {
        LocalDateTime l = localTime.truncatedTo(ChronoUnit.MICROS);
        return new WireTime(isoLocal(l), l, null, Style.NAIVE);
    }

    /*
     * isoLocal and formatOffset render every timestamp the event pipeline writes (each new envelope, each event a
     * PostgreSQL consumer reads back): String.format cost more JVM CPU there than the rest of the envelope, so the
     * fields are padded by hand (same text; ASCII digits whatever the default locale).
     */
    private static String isoLocal(LocalDateTime l) {
        StringBuilder sb = new StringBuilder(32);
        pad(sb, l.getYear(), 4).append('-');
        pad(sb, l.getMonthValue(), 2).append('-');
        pad(sb, l.getDayOfMonth(), 2).append('T');
        pad(sb, l.getHour(), 2).append(':');
        pad(sb, l.getMinute(), 2).append(':');
        pad(sb, l.getSecond(), 2);
        int micros = l.getNano() / 1000;
        if (micros != 0) {
            pad(sb.append('.'), micros, 6);
        }
        return sb.toString();
    }

    private static String formatOffset(ZoneOffset o) {
        int total = o.getTotalSeconds();
        char sign = total < 0 ? '-' : '+';
        total = Math.abs(total);
        StringBuilder sb = new StringBuilder(6).append(sign);
        pad(sb, total / 3600, 2).append(':');
        return pad(sb, (total / 60) % 60, 2).toString();
    }

    /** {@code String.format("%0<width>d", v)} for {@code v >= 0}; negative values (years BCE) keep String.format. */
    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        if (v < 0) {
            return sb.append(String.format(java.util.Locale.ROOT, "%0" + width + "d", v));
        }
        String d = Integer.toString(v);
        for (int i = d.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(d);
    }

    /** The exact text as received or rendered. */
    @JsonValue
    public String text() {
        return text;
    }

    public Style style() {
        return style;
    }

    /** False for {@link Style#UNPARSEABLE} text. */
    public boolean isValid() {
        return style != Style.UNPARSEABLE;
    }

    /** The instant (naive values read as UTC), empty when the text is not a timestamp. */
    public Optional<Instant> instant() {
        return isValid() ? Optional.of(toInstant()) : Optional.empty();
    }

    public boolean hasOffset() {
        return offset != null;
    }

    /** The wall-clock value as written; null for {@link Style#UNPARSEABLE} text. */
    public LocalDateTime localDateTime() {
        return local;
    }

    /** The offset as written, empty for a naive value. */
    public Optional<ZoneOffset> offset() {
        return Optional.ofNullable(offset);
    }

    /** The instant; a naive value is read as UTC (use {@link #toInstant(ZoneId)} to say otherwise). */
    public Instant toInstant() {
        return toInstant(ZoneOffset.UTC);
    }

    /** The instant; a naive value is read in {@code zoneForNaive}. */
    public Instant toInstant(ZoneId zoneForNaive) {
        if (!isValid()) {
            throw new IllegalStateException("not a timestamp: \"" + abbreviate(text) + "\"");
        }
        return offset != null ? local.toInstant(offset) : local.atZone(zoneForNaive).toInstant();
    }

    @Override
    public int compareTo(WireTime o) {
        if (!isValid() || !o.isValid()) {
            return isValid() == o.isValid() ? text.compareTo(o.text) : (isValid() ? 1 : -1);
        }
        return toInstant().compareTo(o.toInstant());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireTime w && w.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
