package com.dazzleops.console.fx;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UiBatchTest {

    @Test
    void aBurstIsOneUiTaskDeliveringEveryItemInOrder() {
        List<Runnable> queued = new ArrayList<>();
        List<List<String>> delivered = new ArrayList<>();
        UiBatch<String> batch = new UiBatch<>(queued::add, delivered::add);

        batch.accept("a");
        batch.accept("b");
        batch.accept("a"); // nothing is coalesced away
        assertThat(queued).as("one task for the burst").hasSize(1);
        queued.remove(0).run();
        assertThat(delivered).containsExactly(List.of("a", "b", "a"));

        batch.accept("c");
        assertThat(queued).as("a new burst queues a new task").hasSize(1);
        queued.remove(0).run();
        assertThat(delivered).containsExactly(List.of("a", "b", "a"), List.of("c"));
    }
}
