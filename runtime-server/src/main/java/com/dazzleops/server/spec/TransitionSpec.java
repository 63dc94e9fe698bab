package com.dazzleops.server.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One declared (from, to) pair of a state machine. {@code roles} are alternatives (any-of); a superuser skips them.
 *
 * @param requiresNonEmpty fields that must be non-null and non-empty on the merged row
 */
public record TransitionSpec(String from, String to, List<String> roles,
                             @JsonProperty("requires_non_empty") List<String> requiresNonEmpty) {
    public TransitionSpec {
        roles = roles == null ? List.of() : List.copyOf(roles);
        requiresNonEmpty = requiresNonEmpty == null ? List.of() : List.copyOf(requiresNonEmpty);
    }

    /** e.g. {@code submitted->approved}. */
    public String name() {
        return from + "->" + to;
    }
}
