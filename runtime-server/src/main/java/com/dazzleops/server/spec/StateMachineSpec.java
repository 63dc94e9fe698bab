package com.dazzleops.server.spec;

import java.util.List;
import java.util.Optional;

/** A state machine over one enum field. */
public record StateMachineSpec(String field, String initial, List<TransitionSpec> transitions) {
    public StateMachineSpec {
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
    }

    public Optional<TransitionSpec> find(String from, String to) {
        return transitions.stream().filter(t -> t.from().equals(from) && t.to().equals(to)).findFirst();
    }
}
