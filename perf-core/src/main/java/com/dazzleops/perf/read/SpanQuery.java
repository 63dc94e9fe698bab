package com.dazzleops.perf.read;

/**
 * A search over one run. Blank text fields and a zero duration mean "any".
 *
 * @param nameContains   case-insensitive substring of the span name
 * @param attributeKey   attribute key (exact, e.g. {@code db.statement}); with a blank key the value is looked for
 *                       in every attribute
 * @param attributeValue case-insensitive substring of the attribute's value
 */
public record SpanQuery(String nameContains, String attributeKey, String attributeValue, long minDurationNs,
                        boolean errorsOnly, int limit) {

    public static SpanQuery byName(String name) {
        return new SpanQuery(name, null, null, 0, false, 500);
    }

    public boolean isEmpty() {
        return blank(nameContains) && blank(attributeKey) && blank(attributeValue) && minDurationNs <= 0 && !errorsOnly;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
