package com.dazzleops.console.dashboard;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.checks.LagTrend;
import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.monitor.ConsumerKey;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import com.dazzleops.console.servers.ServerItem;
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
import java.util.Map;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardViewModelTest {

    private static final Executor SAME_THREAD = Runnable::run;
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;
    MutableClock clock;
    ServerWorkspace workspace;
    ServerProfile prod;
    ServerItem item;
    List<Instant[]> historyCalls = new ArrayList<>();
    Map<ConsumerKey, List<LagTrend.Point>> stored = Map.of();
    DashboardViewModel vm;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        ServerRegistry registry = ServerRegistry.open(dir.resolve("servers.json"));
        prod = registry.add(ServerProfile.create("invoice-prod", "http://10.1.2.3:8000", Environment.PRODUCTION));
        workspace = new ServerWorkspace(registry, SAME_THREAD);
        item = workspace.find(prod.id()).orElseThrow();
        vm = new DashboardViewModel(SAME_THREAD, SAME_THREAD, (id, from, to) -> {
            historyCalls.add(new Instant[]{from, to});
            return stored;
        }, clock);
    }

    @Test
    void beforeTheFirstPollEveryCheckIsWaiting() {
        vm.setServer(item);
        assertThat(vm.hasServerProperty().get()).isTrue();
        assertThat(vm.serverNameProperty().get()).isEqualTo("invoice-prod");
        assertThat(vm.checks()).hasSize(6).allMatch(c -> c.level() == CheckLevel.UNKNOWN);
        assertThat(vm.statusTextProperty().get()).contains("waiting");
    }

    @Test
    void aHealthySnapshotFillsEveryPanel() {
        vm.setServer(item);
        workspace.accept(Snapshots.healthy(prod, T0).up());

        assertThat(vm.checks()).extracting(Check::id).containsExactly(CheckId.values());
        assertThat(vm.checks()).extracting(Check::level).containsOnly(CheckLevel.OK, CheckLevel.UNKNOWN);
        assertThat(vm.checks()).filteredOn(c -> c.id() == CheckId.EVENT_BUS_RUNNING).singleElement()
                .satisfies(c -> {
                    assertThat(c.level()).isEqualTo(CheckLevel.OK);
                    assertThat(c.source()).contains("/_dazzle/events/status");
                });
        assertThat(vm.appNameProperty().get()).isEqualTo("invoice_ops");
        assertThat(vm.versionProperty().get()).isEqualTo("0.112.0");
        assertThat(vm.dslHashProperty().get()).isEqualTo("sha256:abc123");
        assertThat(vm.uptimeProperty().get()).isEqualTo("1 h 2 min");
        assertThat(vm.outboxPendingProperty().get()).isEqualTo("0");
        assertThat(vm.outboxPublishedProperty().get()).isEqualTo("42");
        assertThat(vm.outboxOldestProperty().get()).isEqualTo("none");
        assertThat(vm.outboxErrorProperty().get()).isEmpty();
        assertThat(vm.entities()).extracting(e -> e.name()).containsExactly("LineItem", "Invoice");
        assertThat(vm.totalRecordsProperty().get()).isEqualTo("63 records");
        assertThat(vm.lag()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo(new ConsumerKey("invoice_status_view", "invoice_events"));
            assertThat(s.current()).isZero();
        });
        assertThat(vm.staleProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo(ServerStatus.UP);
    }

    @Test
    void oneFailingEndpointIsOnePanelsError() {
        vm.setServer(item);
        workspace.accept(Snapshots.healthy(prod, T0)
                .fail(Endpoint.OUTBOX, WireResult.Kind.HTTP_ERROR, 500, "HTTP 500 Internal Server Error").up());

        assertThat(vm.outboxErrorProperty().get()).contains("/_dazzle/events/outbox").contains("HTTP 500");
        assertThat(vm.outboxPendingProperty().get()).isEqualTo("—");
        assertThat(vm.checks()).filteredOn(c -> c.id() == CheckId.OUTBOX_CLEAN).singleElement()
                .extracting(Check::level).isEqualTo(CheckLevel.BAD);
        // the other panels are unaffected
        assertThat(vm.appNameProperty().get()).isEqualTo("invoice_ops");
        assertThat(vm.entitiesErrorProperty().get()).isEmpty();
        assertThat(vm.lagErrorProperty().get()).isEmpty();
    }

    @Test
    void aDownServerKeepsItsLastStateMarkedStaleAndRecovers() {
        vm.setServer(item);
        workspace.accept(Snapshots.healthy(prod, T0).outbox(3, 0, T0.minusSeconds(5)).up());
        clock.advance(Duration.ofSeconds(10));
        workspace.accept(Snapshots.healthy(prod, T0).outbox(3, 0, T0.minusSeconds(5))
                .at(T0.plusSeconds(10)).down(T0, 3));

        assertThat(vm.staleProperty().get()).isTrue();
        assertThat(vm.staleMessageProperty().get()).contains("not answering").contains("last answer at");
        assertThat(vm.statusTextProperty().get()).contains("down").contains("backoff");
        assertThat(vm.checks()).allMatch(c -> c.level() == CheckLevel.BAD);
        assertThat(vm.outboxPendingProperty().get()).isEqualTo("3");
        assertThat(vm.appNameProperty().get()).isEqualTo("invoice_ops");
        assertThat(item.staleProperty().get()).isTrue();
        assertThat(item.activityProperty().get()).contains("down since");

        clock.advance(Duration.ofSeconds(10));
        workspace.accept(Snapshots.healthy(prod, T0.plusSeconds(20)).up());
        assertThat(vm.staleProperty().get()).isFalse();
        assertThat(vm.staleMessageProperty().get()).isEmpty();
        assertThat(vm.outboxPendingProperty().get()).isEqualTo("0");
    }

    @Test
    void aSteadilyGrowingLagIsMarkedGrowingAndOldPointsLeaveTheWindow() {
        vm.setServer(item);
        for (int i = 0; i <= 30; i++) {
            Instant t = T0.plusSeconds(i * 2L);
            clock.advance(i == 0 ? Duration.ZERO : Duration.ofSeconds(2));
            workspace.accept(Snapshots.healthy(prod, t).at(t).consumers(i * 10L).up());
        }
        LagSeries s = vm.lag().get(0);
        assertThat(s.points()).hasSize(31);
        assertThat(s.trend()).isEqualTo(LagTrend.GROWING);
        assertThat(s.current()).isEqualTo(300);
        assertThat(s.trendText()).contains("growing");

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        Instant late = clock.instant();
        workspace.accept(Snapshots.healthy(prod, late).at(late).consumers(300).up());
        assertThat(vm.lag().get(0).points()).hasSize(1);
    }

    @Test
    void historyIsLoadedOnSelectionAndWindowChangeAndLivePointsFollowIt() {
        ConsumerKey key = new ConsumerKey("invoice_status_view", "invoice_events");
        stored = Map.of(key, List.of(new LagTrend.Point(T0.minusSeconds(120), 50),
                new LagTrend.Point(T0.minusSeconds(60), 40), new LagTrend.Point(T0.minusSeconds(30), 20)));
        vm.setServer(item);
        assertThat(historyCalls).hasSize(1);
        assertThat(historyCalls.get(0)[0]).isEqualTo(T0.minus(Duration.ofMinutes(5)));
        assertThat(vm.lag()).singleElement().satisfies(s -> {
            assertThat(s.points()).extracting(LagTrend.Point::lag).containsExactly(50L, 40L, 20L);
            assertThat(s.trend()).isEqualTo(LagTrend.SHRINKING);
        });

        workspace.accept(Snapshots.healthy(prod, T0).consumers(5).up());
        assertThat(vm.lag().get(0).points()).extracting(LagTrend.Point::lag).containsExactly(50L, 40L, 20L, 5L);

        vm.windowProperty().set(LagWindow.ONE_DAY);
        assertThat(historyCalls).hasSize(2);
        assertThat(Duration.between(historyCalls.get(1)[0], historyCalls.get(1)[1])).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aHistoryFailureIsANoteNotACrash() {
        DashboardViewModel failing = new DashboardViewModel(SAME_THREAD, SAME_THREAD, (id, from, to) -> {
            throw new IllegalStateException("cannot read samples.db: disk I/O error");
        }, clock);
        failing.setServer(item);
        assertThat(failing.lagNoteProperty().get()).contains("disk I/O error");
        workspace.accept(Snapshots.healthy(prod, T0).up());
        assertThat(failing.checks()).extracting(Check::level).contains(CheckLevel.OK);
    }

    @Test
    void snapshotsOfOtherServersAreIgnoredAndSwitchingClears() {
        ServerProfile other = workspace.registry().add(ServerProfile.create("staging", "http://10.9.9.9:8000", Environment.STAGING));
        vm.setServer(item);
        workspace.accept(Snapshots.healthy(other, T0).outbox(7, 0, null).up());
        assertThat(vm.outboxPendingProperty().get()).isEqualTo("—");

        ServerItem otherItem = workspace.find(other.id()).orElseThrow();
        vm.setServer(otherItem);
        assertThat(vm.serverNameProperty().get()).isEqualTo("staging");
        assertThat(vm.outboxPendingProperty().get()).isEqualTo("7");

        vm.setServer(null);
        assertThat(vm.hasServerProperty().get()).isFalse();
    }
}
