package com.dazzleops.console.traces;

import java.util.List;

/**
 * Lays out a {@code db.statement} for reading: a line break before the main clauses (FROM, WHERE, AND/OR, JOIN,
 * GROUP BY, ORDER BY, ...), nothing changed inside quoted literals or identifiers, whitespace otherwise collapsed.
 * A reading aid, not a parser: the text stays the statement that ran.
 */
public final class SqlFormatter {

    private static final List<String> BREAK_BEFORE = List.of("LEFT JOIN", "RIGHT JOIN", "INNER JOIN", "FULL JOIN",
            "CROSS JOIN", "GROUP BY", "ORDER BY", "ON CONFLICT", "UNION ALL", "FROM", "WHERE", "JOIN", "HAVING", "LIMIT",
            "OFFSET", "VALUES", "SET", "RETURNING", "UNION", "AND", "OR");

    private SqlFormatter() {
    }

    public static String format(String sql) {
        if (sql == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = sql.length();
        int parens = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.append(sql, i, Math.min(n, j + 1));
                i = j + 1;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ' && out.charAt(out.length() - 1) != '\n') {
                    out.append(' ');
                }
                i++;
                continue;
            }
            if (c == '(') {
                parens++;
            } else if (c == ')') {
                parens = Math.max(0, parens - 1);
            }
            String kw = keywordAt(sql, i);
            if (kw != null && out.length() > 0) {
                while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
                    out.setLength(out.length() - 1);
                }
                out.append('\n').append("  ".repeat(parens + (kw.equals("AND") || kw.equals("OR") ? 1 : 0)));
                out.append(sql, i, i + kw.length());
                i += kw.length();
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString().strip();
    }

    private static String keywordAt(String sql, int i) {
        if (i > 0 && isWord(sql.charAt(i - 1))) {
            return null;
        }
        for (String kw : BREAK_BEFORE) {
            int end = i + kw.length();
            if (end <= sql.length() && sql.regionMatches(true, i, kw, 0, kw.length())
                    && (end == sql.length() || !isWord(sql.charAt(end)))) {
                return kw;
            }
        }
        return null;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
