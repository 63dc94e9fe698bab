package com.dazzleops.perf.show;

import com.dazzleops.perf.read.Integrity;
import com.dazzleops.perf.read.OrphanGroup;
import com.dazzleops.perf.read.SpanRow;
import com.dazzleops.perf.read.TraceFile;
import com.dazzleops.perf.read.TraceFileException;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * {@code perf show} as text. Roots print exactly as {@code dazzle perf show} does (two spaces per level, name,
 * duration with 2 decimals, {@code [status]}, start order). Unlike Dazzle, what it hides follows: an
 * {@code [orphaned]} section per missing parent (orphans and their subtrees), and a {@code [cycle]} section for spans
 * caught in a parent-id cycle. The walk is iterative (no recursion limit) and reads children lazily through the
 * parent index; a span already on the current path is printed once with {@code (cycle)} and not descended into.
 */
public final class TreePrinter {

    private final TraceFile file;
    private final String runId;
    private final PrintWriter out;
    private long printed;
    private final Set<String> shown = new HashSet<>();

    public TreePrinter(TraceFile file, String runId, PrintWriter out) {
        this.file = file;
        this.runId = runId;
        this.out = out;
    }

    /** Prints the whole run; returns the number of span lines. */
    public long print() throws TraceFileException {
        for (SpanRow root : file.roots(runId)) {
            walk(root, 0);
        }
        for (OrphanGroup g : file.orphans(runId)) {
            out.println("[orphaned] parent " + g.missingParentId() + " is not in the run (" + g.spans().size()
                    + (g.spans().size() == 1 ? " span)" : " spans)"));
            for (SpanRow s : g.spans()) {
                walk(s, 1);
            }
        }
        Integrity integrity = file.integrity(runId);
        if (integrity.hasCycles()) {
            out.println("[cycle] " + integrity.unreachable().size() + " spans are unreachable from any root (parent-id cycle through "
                    + String.join(", ", integrity.cycleMembers()) + ")");
            Set<String> members = new HashSet<>(integrity.cycleMembers());
            for (SpanRow s : integrity.unreachable()) {
                // one entry per loop: it shows the whole loop and what hangs below it
                if (members.contains(s.spanId()) && !shown.contains(s.spanId())) {
                    walk(s, 1);
                }
            }
        }
        out.flush();
        return printed;
    }

    private record Frame(SpanRow row, int depth, Iterator<SpanRow> children) {
    }

    private void walk(SpanRow start, int baseDepth) throws TraceFileException {
        Deque<Frame> stack = new ArrayDeque<>();
        Set<String> onPath = new HashSet<>();
        line(start, baseDepth, false);
        onPath.add(start.spanId());
        stack.push(new Frame(start, baseDepth, children(start)));
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (!top.children().hasNext()) {
                stack.pop();
                onPath.remove(top.row().spanId());
                continue;
            }
            SpanRow child = top.children().next();
            int depth = top.depth() + 1;
            if (onPath.contains(child.spanId())) {
                line(child, depth, true);
                continue;
            }
            line(child, depth, false);
            onPath.add(child.spanId());
            stack.push(new Frame(child, depth, children(child)));
        }
    }

    private Iterator<SpanRow> children(SpanRow row) throws TraceFileException {
        return row.hasChildren() ? file.children(runId, row.spanId()).iterator() : new ArrayList<SpanRow>().iterator();
    }

    private void line(SpanRow row, int depth, boolean cycle) {
        out.println(format(row, depth) + (cycle ? "  (cycle)" : ""));
        printed++;
        if (shown.size() < 100_000) {
            shown.add(row.spanId());
        }
    }

    /** Dazzle's line: indent, name, duration in ms with 2 decimals, status in brackets. */
    public static String format(SpanRow row, int depth) {
        return "  ".repeat(depth) + row.span().name() + "  "
                + String.format(Locale.ROOT, "%.2fms", row.span().durationNs() / 1e6) + "  [" + row.span().status() + "]";
    }
}
