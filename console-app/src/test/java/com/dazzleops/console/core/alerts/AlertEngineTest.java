package com.dazzleops.console.core.alerts;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertEngineTest {

    final ManualScheduler time = new ManualScheduler(Instant.parse("2026-08-22T09:00:00Z"));
    final AlertEngine engine = new AlertEngine(time.clock(), new AlertPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60)));
    final List<AlertEvent> events = new ArrayList<>();

    {
        engine.addListener(events::add);
    }

    void feed(CheckLevel level, String value) {
        engine.evaluate("s1", "prod", List.of(new Check(CheckId.NO_DLQ_EVENTS, level, value, "GET /_dazzle/events/dlq", "d")));
    }

    /** Feeds a reading every 2 s for {@code seconds}. */
    void hold(CheckLevel level, int seconds) {
        for (int t = 0; t < seconds; t += 2) {
            feed(level, level.name());
            time.advance(Duration.ofSeconds(2));
        }
    }

    @Test
    void raisesOnlyAfterTheHoldTime() {
        hold(CheckLevel.BAD, 28);
        assertThat(events).isEmpty();
        hold(CheckLevel.BAD, 4);
        assertThat(events).hasSize(1);
        AlertEvent e = events.get(0);
        assertThat(e.kind()).isEqualTo(AlertEvent.Kind.RAISED);
        assertThat(e.serverId()).isEqualTo("s1");
        assertThat(e.check()).isEqualTo(CheckId.NO_DLQ_EVENTS);
        assertThat(e.since()).isEqualTo(Instant.parse("2026-08-22T09:00:00Z"));
        assertThat(e.time()).isEqualTo(Instant.parse("2026-08-22T09:00:30Z"));
        assertThat(e.headline()).isEqualTo("prod: No DLQ events BAD (BAD)");
        assertThat(engine.active()).hasSize(1);
    }

    @Test
    void shortBlipNeverRaises() {
        hold(CheckLevel.BAD, 20);
        hold(CheckLevel.OK, 2);
        hold(CheckLevel.BAD, 20);
        assertThat(events).isEmpty();
    }

    @Test
    void clearsWithHysteresis() {
        hold(CheckLevel.BAD, 40);
        assertThat(events).hasSize(1);
        hold(CheckLevel.OK, 50);
        hold(CheckLevel.BAD, 2);   // a relapse restarts the clear wait
        hold(CheckLevel.OK, 58);
        assertThat(events).hasSize(1);
        hold(CheckLevel.OK, 4);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).kind()).isEqualTo(AlertEvent.Kind.CLEARED);
        assertThat(events.get(1).headline()).contains("recovered");
        assertThat(engine.active()).isEmpty();
        hold(CheckLevel.WARNING, 120);
        assertThat(events).hasSize(2);
    }

    @Test
    void mutedServersAreTrackedButNotAnnounced() {
        engine.mute("s1", true);
        assertThat(engine.isMuted("s1")).isTrue();
        hold(CheckLevel.BAD, 40);
        assertThat(events).isEmpty();
        assertThat(engine.active()).singleElement().satisfies(a -> assertThat(a.muted()).isTrue());
        engine.mute("s1", false);
        hold(CheckLevel.OK, 62);
        assertThat(events).singleElement().extracting(AlertEvent::kind).isEqualTo(AlertEvent.Kind.CLEARED);
        engine.forget("s1");
        assertThat(engine.active()).isEmpty();
    }
}
