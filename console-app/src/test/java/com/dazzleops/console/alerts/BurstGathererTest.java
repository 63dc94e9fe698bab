package com.dazzleops.console.alerts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bursts end after a quiet spell or a bound after their first item, on a hand-driven clock and timer. */
class BurstGathererTest {

    private static final long MS = 1_000_000L;

    /** A timer on a clock the test moves: tasks run when the clock passes their time. */
    private static final class ManualTimer implements BurstGatherer.Timer {
        record Task(long at, Runnable run) {
        }

        long now;
        final List<Task> tasks = new ArrayList<>();

        @Override
        public void schedule(Runnable task, long delayNanos) {
            tasks.add(new Task(now + delayNanos, task));
        }

        /** Moves the clock to {@code t} ms, running every task due on the way, in time order. */
        void advanceTo(long t) {
            while (true) {
                Task next = tasks.stream().filter(k -> k.at() <= t * MS).min(Comparator.comparingLong(Task::at))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                now = Math.max(now, next.at());
                next.run().run();
            }
            now = t * MS;
        }
    }

    private final ManualTimer timer = new ManualTimer();
    private final List<Runnable> ui = new ArrayList<>();
    private final List<List<String>> delivered = new ArrayList<>();
    private final BurstGatherer<String> gatherer = new BurstGatherer<>(timer, ui::add, Duration.ofMillis(1500),
            Duration.ofSeconds(8), () -> timer.now, delivered::add);

    private void runUi() {
        List<Runnable> tasks = new ArrayList<>(ui);
        ui.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void aLoneEventGoesAfterTheQuietSpell() {
        gatherer.add("a");
        timer.advanceTo(1499);
        assertThat(ui).isEmpty();
        timer.advanceTo(1500);
        assertThat(ui).hasSize(1);
        runUi();
        assertThat(delivered).containsExactly(List.of("a"));
        assertThat(timer.tasks).isEmpty();
    }

    @Test
    void eventsSpreadOverSecondsAreOneBurst() {
        // a fleet-wide incident: events every second for five seconds
        for (int s = 0; s <= 5; s++) {
            timer.advanceTo(s * 1000L);
            gatherer.add("e" + s);
        }
        timer.advanceTo(6499);
        assertThat(ui).isEmpty(); // the last came at 5 s: 1.5 s of quiet not yet over
        timer.advanceTo(6500);
        runUi();
        assertThat(delivered).containsExactly(List.of("e0", "e1", "e2", "e3", "e4", "e5"));
    }

    @Test
    void anEndlessStreamIsCutAtTheBound() {
        for (int t = 0; t <= 12_000; t += 500) {
            timer.advanceTo(t);
            gatherer.add("e" + t);
            runUi();
        }
        timer.advanceTo(20_000);
        runUi();
        // cut 8 s after each burst's first event: [0, 8000) then from 8500 on
        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(0)).first().isEqualTo("e0");
        assertThat(delivered.get(0)).last().isEqualTo("e7500");
        assertThat(delivered.get(1)).first().isEqualTo("e8000");
        assertThat(delivered.get(1)).last().isEqualTo("e12000");
        assertThat(delivered.stream().mapToInt(List::size).sum()).isEqualTo(25); // nothing lost
    }

    @Test
    void aQuietSpellSplitsBursts() {
        gatherer.add("a");
        timer.advanceTo(1000);
        gatherer.add("b");
        timer.advanceTo(4000); // due at 2.5 s
        gatherer.add("c");
        timer.advanceTo(10_000);
        runUi();
        assertThat(delivered).containsExactly(List.of("a", "b"), List.of("c"));
    }

    @Test
    void oneTimerTaskAtATime() {
        for (int i = 0; i < 100; i++) {
            gatherer.add("e" + i);
        }
        assertThat(timer.tasks).hasSize(1);
    }

    @Test
    void quietLongerThanTheBoundIsRefused() {
        assertThatThrownBy(() -> new BurstGatherer<String>(timer, ui::add, Duration.ofSeconds(9), Duration.ofSeconds(8),
                () -> 0L, delivered::add)).isInstanceOf(IllegalArgumentException.class);
    }
}
