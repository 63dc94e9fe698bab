package com.dazzleops.perf.findings;

import java.util.regex.Pattern;

/**
 * Dazzle's statement normalisation (contract §4.1): single-quoted literals (with doubled quotes) and numbers on word
 * boundaries become {@code ?}, whitespace collapses. Double-quoted identifiers survive, so table names stay.
 */
public final class SqlNormalizer {
    private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private SqlNormalizer() {
    }

    public static String normalize(String sql) {
        if (sql == null) {
            return null;
        }
        String s = STRING.matcher(sql).replaceAll("?");
        s = NUMBER.matcher(s).replaceAll("?");
        return SPACE.matcher(s).replaceAll(" ").trim();
    }
}
