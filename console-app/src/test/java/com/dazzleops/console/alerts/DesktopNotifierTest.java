package com.dazzleops.console.alerts;

import com.dazzleops.console.core.alerts.AlertEvent;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the desktop notifications say for a gathered batch of alert events (no window needed). */
class DesktopNotifierTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static AlertEvent raised(int server, CheckId check) {
        return new AlertEvent(AlertEvent.Kind.RAISED, T, "id-" + server, "srv-" + server, check, CheckLevel.BAD,
                "1 stuck", "", T.minusSeconds(30));
    }

    @Test
    void oneNotificationPerServerForAFewServers() {
        List<DesktopNotifier.Note> notes = DesktopNotifier.notes(List.of(raised(1, CheckId.OUTBOX_CLEAN),
                raised(1, CheckId.NO_DLQ_EVENTS), raised(2, CheckId.OUTBOX_CLEAN)));
        assertThat(notes).extracting(DesktopNotifier.Note::title)
                .containsExactly("srv-1: 2 checks bad", "srv-2: Outbox clean");
    }

    @Test
    void aFleetWideIncidentIsOneSummaryNotFiftyPopups() {
        List<AlertEvent> batch = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            batch.add(raised(i, CheckId.NO_STUCK_SETTLEMENTS));
        }
        List<DesktopNotifier.Note> notes = DesktopNotifier.notes(batch);
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).raised()).isTrue();
        assertThat(notes.get(0).title()).isEqualTo("50 servers: 50 checks bad");
        assertThat(notes.get(0).text()).contains("No stuck settlements").contains("srv-1, srv-2").contains("and 42 more");
    }
}
