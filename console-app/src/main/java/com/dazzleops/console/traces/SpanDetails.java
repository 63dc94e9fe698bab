package com.dazzleops.console.traces;

import com.dazzleops.model.perf.PerfSpan;
import com.dazzleops.model.perf.PerfSpanEvent;
import com.dazzleops.perf.read.Attributes;

import java.util.List;

/** What the details pane shows for the selected span, loaded in the background. */
public record SpanDetails(PerfSpan span, Attributes attributes, List<PerfSpanEvent> events, int childCount,
                          long selfNs, long offsetNs) {

    /** {@code db.statement} (or the stable {@code db.query.text}) laid out for reading, or null. */
    public String formattedSql() {
        return attributes.string("db.statement").or(() -> attributes.string("db.query.text"))
                .map(SqlFormatter::format).orElse(null);
    }

    /** Everything about the span as text, for the clipboard. */
    public String asText() {
        StringBuilder sb = new StringBuilder();
        sb.append(span.name()).append('\n')
                .append("span_id: ").append(span.spanId()).append('\n')
                .append("trace_id: ").append(span.traceId()).append('\n')
                .append("parent_span_id: ").append(span.parentSpanId()).append('\n')
                .append("kind: ").append(span.kind()).append("  status: ").append(span.status()).append('\n')
                .append("duration: ").append(Durations.format(span.durationNs()))
                .append("  self: ").append(Durations.format(selfNs)).append('\n')
                .append("attributes: ").append(attributes.raw()).append('\n');
        for (PerfSpanEvent e : events) {
            sb.append("event ").append(e.name()).append(": ").append(e.attributesJson()).append('\n');
        }
        return sb.toString();
    }
}
