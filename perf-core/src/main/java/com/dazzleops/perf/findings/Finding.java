package com.dazzleops.perf.findings;

import java.util.List;

/**
 * One finding as the viewer shows it: a category, a one-line title, the figures, and the spans it is about (slowest
 * or most telling first) so the operator can jump to them.
 */
public record Finding(Category category, String title, String detail, List<String> spanIds) {

    public enum Category {
        SLOW_ENDPOINT("Slow endpoints"), SLOW_QUERY("Slow queries"), N_PLUS_ONE("Suspected N+1 patterns"),
        SLOW_PHASE("Dazzle hot phases"), RENDER_FANOUT("Render fan-out"), BOOT_COST("Boot cost"),
        EXCEPTION("Errors / exceptions");

        private final String heading;

        Category(String heading) {
            this.heading = heading;
        }

        public String heading() {
            return heading;
        }
    }

    public Finding {
        spanIds = List.copyOf(spanIds);
    }
}
