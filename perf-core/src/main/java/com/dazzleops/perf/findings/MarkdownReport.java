package com.dazzleops.perf.findings;

import com.dazzleops.model.perf.FindingsReport;

import java.util.List;
import java.util.Locale;

/**
 * {@code dazzle perf report} Markdown: Dazzle's headings, section order and cell rules (backticked names, raw
 * messages, 1-decimal milliseconds, empty sections left out), with one deliberate fix: {@code |} and line breaks in
 * cells are escaped, so SQL with {@code ||} or a multi-line message no longer breaks the table.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(FindingsReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Perf report — ").append(r.runId());
        if (r.appName() != null) {
            sb.append(" (").append(r.appName()).append(')');
        }
        sb.append('\n');
        sb.append("Started: ").append(r.startedAt() == null ? "(unknown)" : r.startedAt())
                .append(" — Ended: ").append(r.endedAt() == null ? "(running)" : r.endedAt()).append("\n\n");
        if (!r.slowEndpoints().isEmpty()) {
            table(sb, "Slow endpoints", "Route | Calls | Total (ms) | p95 (ms)", r.slowEndpoints().stream()
                    .map(e -> List.of(code(e.route()), String.valueOf(e.calls()), ms(e.totalMs()), ms(e.p95Ms()))).toList());
        }
        if (!r.slowQueries().isEmpty()) {
            table(sb, "Slow queries", "Statement | Calls | Total (ms)", r.slowQueries().stream()
                    .map(q -> List.of(code(q.statement()), String.valueOf(q.calls()), ms(q.totalMs()))).toList());
        }
        if (!r.nPlusOne().isEmpty()) {
            table(sb, "Suspected N+1 patterns", "Parent span | Child query | Repetitions", r.nPlusOne().stream()
                    .map(n -> List.of(code(n.parentSpan()), code(n.childStatement()), String.valueOf(n.repetitions()))).toList());
        }
        if (!r.slowPhases().isEmpty()) {
            table(sb, "Dazzle hot phases", "Phase | Calls | Total (ms) | Max single (ms)", r.slowPhases().stream()
                    .map(p -> List.of(code(p.name()), String.valueOf(p.calls()), ms(p.totalMs()), ms(p.maxMs()))).toList());
        }
        if (!r.renderFanout().isEmpty()) {
            table(sb, "Render fan-out", "Route | Region renders | Total (ms)", r.renderFanout().stream()
                    .map(f -> List.of(code(f.route()), String.valueOf(f.regionRenders()), ms(f.totalMs()))).toList());
        }
        if (r.bootCost() != null) {
            sb.append("## Boot cost\n\n- `dsl.parse`: ").append(ms(r.bootCost().parseDslMs())).append(" ms · `route.gen`: ")
                    .append(ms(r.bootCost().routeGenMs())).append(" ms · total: ").append(ms(r.bootCost().totalMs())).append(" ms\n\n");
        }
        if (!r.exceptions().isEmpty()) {
            table(sb, "Errors / exceptions", "Span | Message | Count", r.exceptions().stream()
                    .map(e -> List.of(code(e.spanName()), cell(e.message()), String.valueOf(e.count()))).toList());
        }
        String out = sb.toString().replaceAll("[ \\t]+\n", "\n").strip();
        return out + "\n";
    }

    private static void table(StringBuilder sb, String title, String header, List<List<String>> rows) {
        sb.append("## ").append(title).append("\n\n| ").append(header).append(" |\n|");
        for (int i = 0; i < header.split("\\|").length; i++) {
            sb.append("---|");
        }
        sb.append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        sb.append('\n');
    }

    private static String code(String s) {
        return "`" + cell(s) + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
