package com.dazzleops.console.alerts;

import com.dazzleops.console.core.alerts.AlertEngine;
import com.dazzleops.console.core.alerts.AlertEvent;
import com.dazzleops.console.core.alerts.AlertPolicy;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import com.dazzleops.console.servers.ServerWorkspace;
import com.dazzleops.console.testing.MutableClock;
import com.dazzleops.console.testing.Snapshots;
import com.dazzleops.model.json.WireResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert list over the real engine: hold time, hysteresis and muting as the operator sees them. */
class AlertsViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;
    MutableClock clock;
    AlertEngine engine;
    ServerWorkspace workspace;
    ServerProfile prod;
    List<AlertEvent> notified = new ArrayList<>();
    List<Set<String>> savedMutes = new ArrayList<>();
    AlertsViewModel vm;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        engine = new AlertEngine(clock, new AlertPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60)));
        ServerRegistry registry = ServerRegistry.open(dir.resolve("servers.json"));
        prod = registry.add(ServerProfile.create("invoice-prod", "http://10.1.2.3:8000", Environment.PRODUCTION));
        workspace = new ServerWorkspace(registry, Runnable::run);
        vm = new AlertsViewModel(engine, workspace, Set.of(), savedMutes::add, notified::add);
        engine.addListener(vm::onAlert); // same thread in the test; the app marshals to the FX thread
    }

    private void poll(boolean outboxBroken) {
        var b = Snapshots.healthy(prod, clock.instant());
        if (outboxBroken) {
            b.fail(Endpoint.OUTBOX, WireResult.Kind.HTTP_ERROR, 500, "HTTP 500");
        }
        engine.onSnapshot(b.up());
    }

    private void pollEvery2sFor(Duration d, boolean broken) {
        for (long s = 0; s < d.getSeconds(); s += 2) {
            clock.advance(Duration.ofSeconds(2));
            poll(broken);
        }
    }

    @Test
    void aCheckBadLongerThanTheHoldTimeIsRaisedListedAndAnnouncedThenClears() {
        poll(true);
        pollEvery2sFor(Duration.ofSeconds(20), true);
        assertThat(vm.events()).isEmpty();

        pollEvery2sFor(Duration.ofSeconds(12), true);
        assertThat(vm.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(AlertEvent.Kind.RAISED);
            assertThat(e.check()).isEqualTo(CheckId.OUTBOX_CLEAN);
        });
        assertThat(vm.active()).singleElement().extracting(a -> a.check()).isEqualTo(CheckId.OUTBOX_CLEAN);
        assertThat(vm.activeCountProperty().get()).isEqualTo(1);
        assertThat(notified).hasSize(1);

        // healthy again: cleared only after the clear time (hysteresis), a bad blip restarts the wait
        pollEvery2sFor(Duration.ofSeconds(40), false);
        poll(true);
        pollEvery2sFor(Duration.ofSeconds(40), false);
        assertThat(vm.events()).hasSize(1);
        pollEvery2sFor(Duration.ofSeconds(30), false);
        assertThat(vm.events()).hasSize(2);
        assertThat(vm.events().get(0).kind()).isEqualTo(AlertEvent.Kind.CLEARED);
        assertThat(vm.active()).isEmpty();
        assertThat(vm.activeCountProperty().get()).isZero();
    }

    @Test
    void mutingSilencesAServerAndIsRemembered() {
        var item = workspace.find(prod.id()).orElseThrow();
        vm.toggleMute(item);
        assertThat(item.mutedProperty().get()).isTrue();
        assertThat(savedMutes).last().isEqualTo(Set.of(prod.id()));

        poll(true);
        pollEvery2sFor(Duration.ofSeconds(40), true);
        assertThat(notified).isEmpty();
        assertThat(vm.events()).isEmpty();

        vm.toggleMute(item);
        assertThat(item.mutedProperty().get()).isFalse();
        assertThat(savedMutes).last().isEqualTo(Set.of());
    }

    @Test
    void mutesGivenAtStartApplyToTheEngineAndTheServerList() {
        AlertEngine e2 = new AlertEngine(clock, AlertPolicy.DEFAULTS);
        new AlertsViewModel(e2, workspace, Set.of(prod.id()), s -> { }, null);
        assertThat(e2.isMuted(prod.id())).isTrue();
        assertThat(workspace.find(prod.id()).orElseThrow().mutedProperty().get()).isTrue();
        assertThat(AlertsViewModel.parseMuted(" a, b ,,c")).containsExactly("a", "b", "c");
    }

    @Test
    void theListIsBounded() {
        for (int i = 0; i < AlertsViewModel.MAX_EVENTS + 20; i++) {
            vm.onAlert(new AlertEvent(AlertEvent.Kind.RAISED, T0, prod.id(), "invoice-prod", CheckId.DB_REACHABLE,
                    com.dazzleops.console.core.checks.CheckLevel.BAD, "#" + i, "", T0));
        }
        assertThat(vm.events()).hasSize(AlertsViewModel.MAX_EVENTS);
        assertThat(vm.events().get(0).value()).isEqualTo("#" + (AlertsViewModel.MAX_EVENTS + 19));
    }
}
