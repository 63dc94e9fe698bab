package com.dazzleops.console.fleet;

import com.dazzleops.console.core.client.Endpoint;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import com.dazzleops.console.servers.ServerItem;
import com.dazzleops.console.servers.ServerWorkspace;
import com.dazzleops.console.testing.Snapshots;
import com.dazzleops.model.json.WireResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FleetViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;
    ServerRegistry registry;
    ServerWorkspace workspace;
    ServerProfile alpha;
    ServerProfile bravo;
    ServerProfile charlie;
    List<ServerItem> opened = new ArrayList<>();
    FleetViewModel vm;

    @BeforeEach
    void setUp() {
        registry = ServerRegistry.open(dir.resolve("servers.json"));
        alpha = registry.add(ServerProfile.create("alpha", "http://10.0.0.1:8000", Environment.PRODUCTION));
        bravo = registry.add(ServerProfile.create("bravo", "http://10.0.0.2:8000", Environment.STAGING));
        charlie = registry.add(ServerProfile.create("charlie", "http://10.0.0.3:8000", Environment.DEV));
        workspace = new ServerWorkspace(registry, Runnable::run);
        vm = new FleetViewModel(workspace, opened::add);
    }

    private List<String> names() {
        return vm.rows().stream().map(i -> i.profile().displayName()).toList();
    }

    @Test
    void problemsComeFirstAndTheOrderFollowsNewSnapshots() {
        workspace.accept(Snapshots.healthy(alpha, T0).up());
        workspace.accept(Snapshots.healthy(bravo, T0).fail(Endpoint.OUTBOX, WireResult.Kind.HTTP_ERROR, 500, "boom").up());
        workspace.accept(Snapshots.healthy(charlie, T0).up());
        assertThat(names()).containsExactly("bravo", "alpha", "charlie");
        assertThat(vm.summaryProperty().get()).isEqualTo("3 servers · 2 healthy · 1 bad");

        workspace.accept(Snapshots.healthy(charlie, T0).down(T0.minusSeconds(30), 4));
        assertThat(names()).containsExactly("charlie", "bravo", "alpha");
        assertThat(vm.summaryProperty().get()).isEqualTo("3 servers · 1 healthy · 1 bad · 1 down");

        vm.problemsFirstProperty().set(false);
        assertThat(names()).containsExactly("alpha", "bravo", "charlie");
    }

    @Test
    void filterMatchesNameUrlAndEnvironment() {
        vm.filterProperty().set("BRAV");
        assertThat(names()).containsExactly("bravo");
        vm.filterProperty().set("10.0.0.3");
        assertThat(names()).containsExactly("charlie");
        vm.filterProperty().set("production");
        assertThat(names()).containsExactly("alpha");
        vm.filterProperty().set("  ");
        assertThat(names()).hasSize(3);
    }

    @Test
    void serversAddedAndRemovedFollowTheRegistry() {
        registry.add(ServerProfile.create("delta", "http://10.0.0.4:8000", Environment.DEV));
        assertThat(names()).contains("delta").hasSize(4);
        registry.remove(alpha.id());
        assertThat(names()).doesNotContain("alpha").hasSize(3);
        assertThat(vm.summaryProperty().get()).startsWith("3 servers");
    }

    @Test
    void openingARowSelectsTheServerAndAsksForItsDashboard() {
        ServerItem b = workspace.find(bravo.id()).orElseThrow();
        vm.open(b);
        assertThat(workspace.selectedProperty().get()).isSameAs(b);
        assertThat(opened).containsExactly(b);
    }

    @Test
    void emptyFleetSaysHowToAddAServer() {
        List.of(alpha, bravo, charlie).forEach(p -> registry.remove(p.id()));
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.summaryProperty().get()).contains("Add server");
    }
}
