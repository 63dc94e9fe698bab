package com.dazzleops.perf.read;

import java.util.List;

/**
 * What a full pass over a run's parent links found.
 *
 * @param reachable   spans reachable from a root or an orphan
 * @param unreachable spans in, or hanging below, a parent-id cycle (a self-parent included): Dazzle's
 *                    {@code show} never prints them
 * @param cycleMembers the spans that are part of a cycle (a subset of {@code unreachable})
 */
public record Integrity(long total, long reachable, List<SpanRow> unreachable, List<String> cycleMembers) {
    public Integrity {
        unreachable = List.copyOf(unreachable);
        cycleMembers = List.copyOf(cycleMembers);
    }

    public boolean hasCycles() {
        return !unreachable.isEmpty();
    }
}
