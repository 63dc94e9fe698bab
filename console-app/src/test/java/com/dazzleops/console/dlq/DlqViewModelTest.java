package com.dazzleops.console.dlq;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.testing.FixtureTransport;
import com.dazzleops.console.core.testing.Routes;
import com.dazzleops.model.events.DLQEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The DLQ browser's logic with same-thread executors over fixture answers (the shapes real servers send). */
class DlqViewModelTest {

    static final String EVENT = "6f2d8b1a-4c3e-4a9f-b2d1-8e7c6a5b4d3c";
    static final String REPLAY = "POST /_dazzle/events/dlq/" + EVENT + "/replay";
    static final Executor NOW = Runnable::run;

    final Routes routes = new Routes()
            .fixture("/_dazzle/events/dlq", "events/dlq/contract-example.json")
            .fixture("/_dazzle/events/event/" + EVENT, "events/event-detail/contract-example.json");
    final FixtureTransport transport = new FixtureTransport(routes);
    final ServerProfile staging = ServerProfile.create("staging-1", "http://staging.example:8000", Environment.STAGING);

    DlqViewModel vm(Executor background) {
        return new DlqViewModel(background, NOW, p -> new DazzleClient(p, transport));
    }

    @Test
    void listsTheEntriesOfTheSelectedServerAndLoadsTheSelectedEvent() {
        DlqViewModel vm = vm(NOW);
        assertThat(vm.summaryProperty().get()).contains("Select a server");
        vm.serverProperty().set(staging);
        assertThat(vm.entries()).extracting(DLQEntry::eventId).containsExactly(EVENT);
        assertThat(vm.totalProperty().get()).isEqualTo(1);
        assertThat(vm.summaryProperty().get()).isEqualTo("1 of 1 dead letters, newest first");
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.topics()).containsExactly("invoice_events");
        assertThat(vm.groups()).containsExactly("projection-InvoiceStatusView");
        assertThat(transport.requested).contains("/_dazzle/events/dlq?limit=50");

        assertThat(vm.canReplay().get()).isFalse();
        vm.selectedProperty().set(vm.entries().get(0));
        assertThat(vm.canReplay().get()).isTrue();
        assertThat(vm.replayBlockedReasonProperty().get()).isNull();
        assertThat(vm.eventTextProperty().get()).contains("\"event_type\" : \"auth.user.logged_in\"")
                .contains("\"session_id\" : \"s_9f3c2a7d41\"");
    }

    @Test
    void aRefreshKeepsTheSelectionAndItsEventWithoutAskingForTheEventAgain() {
        DlqViewModel vm = vm(NOW);
        vm.serverProperty().set(staging);
        // as a TableView does: new items drop the selection (the view model restores it)
        vm.entries().addListener((javafx.collections.ListChangeListener<DLQEntry>) c -> vm.selectedProperty().set(null));
        vm.selectedProperty().set(vm.entries().get(0));
        String shown = vm.eventTextProperty().get();
        long asked = transport.requested.stream().filter(r -> r.startsWith("/_dazzle/events/event/")).count();
        vm.refresh();
        vm.refresh();
        assertThat(vm.selectedProperty().get().eventId()).isEqualTo(EVENT);
        assertThat(vm.eventTextProperty().get()).isEqualTo(shown);
        assertThat(transport.requested.stream().filter(r -> r.startsWith("/_dazzle/events/event/")).count())
                .isEqualTo(asked);

        routes.fixture("/_dazzle/events/dlq", "events/dlq/empty.json");
        vm.refresh();
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.eventTextProperty().get()).isEmpty();
    }

    @Test
    void topicFiltersOnTheServerAndGroupFiltersHereBecauseDazzleHasNoGroupFilter() {
        routes.fixture("/_dazzle/events/dlq", "events/dlq/one-event-two-groups-limited.json");
        DlqViewModel vm = vm(NOW);
        vm.serverProperty().set(staging);
        assertThat(vm.entries()).hasSize(2);
        assertThat(vm.summaryProperty().get()).isEqualTo("2 of 5 dead letters, newest first");

        vm.topicProperty().set("app.invoice_events");
        assertThat(transport.requested).contains("/_dazzle/events/dlq?limit=50&topic=app.invoice_events");
        vm.limitProperty().set(500);
        assertThat(transport.requested).as("limit clamped to Dazzle's 100")
                .contains("/_dazzle/events/dlq?limit=100&topic=app.invoice_events");

        int before = transport.requested.size();
        vm.groupProperty().set("audit-trail");
        assertThat(transport.requested).as("the group filter needs no request").hasSize(before);
        assertThat(vm.entries()).extracting(DLQEntry::groupId).containsExactly("audit-trail");
        assertThat(vm.summaryProperty().get()).isEqualTo("1 for group audit-trail, of 2 listed (5 in all on app.invoice_events)");
    }

    @Test
    void replaySuccessPostsWithTheGroupAndRefreshesTheList() {
        routes.fixture(REPLAY, "events/replay/success.json");
        DlqViewModel vm = vm(NOW);
        vm.serverProperty().set(staging);
        vm.selectedProperty().set(vm.entries().get(0));
        routes.fixture("/_dazzle/events/dlq", "events/dlq/empty.json");

        vm.replaySelected();

        assertThat(transport.requested).contains(REPLAY + "?group_id=projection-InvoiceStatusView");
        assertThat(vm.lastReplayProperty().get().replayed()).isTrue();
        assertThat(vm.lastReplayProperty().get().text())
                .isEqualTo("Replayed event " + EVENT + " to projection-InvoiceStatusView: Event " + EVENT
                        + " replayed successfully");
        assertThat(vm.entries()).as("the list was asked again").isEmpty();
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.summaryProperty().get()).isEqualTo("The DLQ of staging-1 is empty.");
        assertThat(vm.replayingProperty().get()).isFalse();
    }

    @Test
    void replayFailuresSayWhatHappenedAndKeepTheEntry() {
        DlqViewModel vm = vm(NOW);
        vm.serverProperty().set(staging);
        vm.selectedProperty().set(vm.entries().get(0));

        routes.fixture(REPLAY, "events/replay/replay-failed.json");
        vm.replaySelected();
        assertThat(vm.lastReplayProperty().get().replayed()).isFalse();
        assertThat(vm.lastReplayProperty().get().text()).contains("failed").contains("consumer group");
        assertThat(vm.entries()).hasSize(1);

        routes.fixture(REPLAY, "events/replay/not-in-dlq.json");
        vm.selectedProperty().set(vm.entries().get(0));
        vm.replaySelected();
        assertThat(vm.lastReplayProperty().get().text()).contains("not found in DLQ").contains("already replayed");

        routes.fixture(REPLAY, "events/replay/csrf-rejected-403.json");
        vm.selectedProperty().set(vm.entries().get(0));
        vm.replaySelected();
        assertThat(vm.lastReplayProperty().get().replayed()).isFalse();
        assertThat(vm.lastReplayProperty().get().text()).contains("refused").contains("CSRF token missing or invalid");

        routes.fixture(REPLAY, "events/replay/not-running.json");
        vm.selectedProperty().set(vm.entries().get(0));
        vm.replaySelected();
        assertThat(vm.lastReplayProperty().get().text()).contains("event system is not running");
    }

    @Test
    void aReadOnlyServerCannotReplay() {
        routes.fixture(REPLAY, "events/replay/success.json");
        DlqViewModel vm = vm(NOW);
        vm.serverProperty().set(staging.withReadOnly(true));
        vm.selectedProperty().set(vm.entries().get(0));
        assertThat(vm.canReplay().get()).isFalse();
        assertThat(vm.replayBlockedReasonProperty().get()).isEqualTo("staging-1 is marked read-only: replay is disabled.");
        vm.replaySelected();
        assertThat(transport.requested).noneMatch(r -> r.startsWith("POST "));
        assertThat(vm.lastReplayProperty().get()).isNull();
    }

    @Test
    void aFailedRefreshKeepsTheLastListAndSaysWhy() {
        DlqViewModel vm = vm(NOW);
        vm.serverProperty().set(staging);
        routes.setDown(true);
        vm.refresh();
        assertThat(vm.entries()).hasSize(1);
        assertThat(vm.errorProperty().get()).startsWith("staging-1: no answer (connection refused)");
        routes.setDown(false);
        vm.refresh();
        assertThat(vm.errorProperty().get()).isNull();

        routes.remove("/_dazzle/events/dlq");
        vm.refresh();
        assertThat(vm.errorProperty().get()).contains("no event system here");
        routes.fixture("/_dazzle/events/dlq", "events/dlq/state-b-500.json");
        vm.refresh();
        assertThat(vm.errorProperty().get()).contains("500").contains("may not be running");
    }

    @Test
    void anEventTheBusNoLongerHasIsSaidPlainly() {
        routes.fixture("/_dazzle/events/event/" + EVENT, "events/event-detail/not-found-null.json");
        DlqViewModel vm = vm(NOW);
        vm.serverProperty().set(staging);
        vm.selectedProperty().set(vm.entries().get(0));
        assertThat(vm.eventTextProperty().get()).startsWith("The bus no longer has event " + EVENT);
    }

    @Test
    void anAnswerForAServerNoLongerSelectedIsDropped() {
        Deque<Runnable> queued = new ArrayDeque<>();
        DlqViewModel vm = vm(queued::add);
        vm.serverProperty().set(staging);
        ServerProfile other = ServerProfile.create("dev-1", "http://dev.example:8000", Environment.DEV);
        routes.fixture("/_dazzle/events/dlq", "events/dlq/empty.json");
        vm.serverProperty().set(other);
        // staging's request was queued with the contract example but answers last
        Runnable stagingRequest = queued.pollFirst();
        while (!queued.isEmpty()) {
            queued.pollFirst().run();
        }
        routes.fixture("/_dazzle/events/dlq", "events/dlq/contract-example.json");
        stagingRequest.run();
        assertThat(vm.entries()).isEmpty();
        assertThat(vm.summaryProperty().get()).isEqualTo("The DLQ of dev-1 is empty.");
    }
}
