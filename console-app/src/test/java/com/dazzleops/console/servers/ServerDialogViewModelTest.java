package com.dazzleops.console.servers;

import com.dazzleops.console.core.servers.Auth;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class ServerDialogViewModelTest {

    private static final Executor SAME_THREAD = Runnable::run;

    @TempDir
    Path dir;
    ServerRegistry registry;

    @BeforeEach
    void open() {
        registry = ServerRegistry.open(dir.resolve("servers.json"));
    }

    @Test
    void emptyFormIsNotValidButShowsNoErrorYet() {
        ServerDialogViewModel vm = new ServerDialogViewModel(registry, SAME_THREAD, SAME_THREAD);
        assertThat(vm.validBinding().get()).isFalse();
        assertThat(vm.urlErrorProperty().get()).isEmpty();
        assertThat(vm.actionLabel()).isEqualTo("Add server");
    }

    @Test
    void urlIsValidatedAsYouType() {
        ServerDialogViewModel vm = new ServerDialogViewModel(registry, SAME_THREAD, SAME_THREAD);
        vm.urlProperty().set("localhost:8000");
        assertThat(vm.urlErrorProperty().get()).isNotEmpty();
        assertThat(vm.validBinding().get()).isFalse();
        vm.urlProperty().set("http://127.0.0.1:8000/_dazzle/health");
        assertThat(vm.urlErrorProperty().get()).contains("Remove the path");
        vm.urlProperty().set("ftp://example.com");
        assertThat(vm.urlErrorProperty().get()).contains("only http:// and https://");
        vm.urlProperty().set("http://127.0.0.1:8000/");
        assertThat(vm.urlErrorProperty().get()).isEmpty();
        assertThat(vm.validBinding().get()).isTrue();
    }

    @Test
    void bearerNeedsATokenAndCookieNeedsAValue() {
        ServerDialogViewModel vm = new ServerDialogViewModel(registry, SAME_THREAD, SAME_THREAD);
        vm.urlProperty().set("https://ops.example.com");
        vm.authKindProperty().set(ServerDialogViewModel.AuthKind.BEARER);
        assertThat(vm.authErrorProperty().get()).contains("token is empty");
        assertThat(vm.validBinding().get()).isFalse();
        vm.tokenProperty().set("s3cret");
        assertThat(vm.authErrorProperty().get()).isEmpty();
        assertThat(vm.toProfile().auth()).isEqualTo(new Auth.Bearer("s3cret"));

        vm.authKindProperty().set(ServerDialogViewModel.AuthKind.COOKIE);
        vm.cookieNameProperty().set("bad name");
        assertThat(vm.authErrorProperty().get()).contains("not a valid cookie name");
        vm.cookieNameProperty().set("dazzle_session");
        assertThat(vm.toProfile().auth()).isEqualTo(new Auth.SessionCookie("dazzle_session", "s3cret"));
    }

    @Test
    void environmentColourFollowsUnlessCustomised() {
        ServerDialogViewModel vm = new ServerDialogViewModel(registry, SAME_THREAD, SAME_THREAD);
        vm.environmentProperty().set(Environment.PRODUCTION);
        assertThat(vm.colourProperty().get()).isEqualTo(Environment.PRODUCTION.defaultColour());
        vm.colourProperty().set("#123456");
        vm.environmentProperty().set(Environment.STAGING);
        assertThat(vm.colourProperty().get()).isEqualTo("#123456");
        vm.colourProperty().set("blue-ish");
        assertThat(vm.colourErrorProperty().get()).contains("not a colour");
        assertThat(vm.validBinding().get()).isFalse();
    }

    @Test
    void saveWritesTheRegistryAndReturnsTheProfile() throws Exception {
        ServerDialogViewModel vm = new ServerDialogViewModel(registry, SAME_THREAD, SAME_THREAD);
        vm.urlProperty().set("http://127.0.0.1:8000");
        vm.displayNameProperty().set("prod-eu");
        vm.environmentProperty().set(Environment.PRODUCTION);
        vm.readOnlyProperty().set(true);
        List<ServerProfile> saved = new ArrayList<>();
        vm.save(saved::add);
        assertThat(saved).hasSize(1);
        ServerProfile p = saved.get(0);
        assertThat(p.displayName()).isEqualTo("prod-eu");
        assertThat(p.readOnly()).isTrue();
        assertThat(p.environment()).isEqualTo(Environment.PRODUCTION);
        assertThat(registry.list()).containsExactly(p);
        assertThat(Files.readString(dir.resolve("servers.json"))).contains("prod-eu");
        assertThat(ServerRegistry.open(dir.resolve("servers.json")).list()).containsExactly(p);
    }

    @Test
    void duplicateUrlIsASaveErrorAndNothingIsLost() {
        registry.add(ServerProfile.create("first", "http://127.0.0.1:8000", Environment.DEV));
        ServerDialogViewModel vm = new ServerDialogViewModel(registry, SAME_THREAD, SAME_THREAD);
        vm.urlProperty().set("http://127.0.0.1:8000");
        List<ServerProfile> saved = new ArrayList<>();
        vm.save(saved::add);
        assertThat(saved).isEmpty();
        assertThat(vm.saveErrorProperty().get()).contains("already watches");
        assertThat(vm.savingProperty().get()).isFalse();
        assertThat(registry.list()).hasSize(1);
    }

    @Test
    void editingKeepsTheIdAndNamesTheButton() {
        ServerProfile p = registry.add(ServerProfile.create("staging-eu", "http://10.0.0.5:8000", Environment.STAGING)
                .withAuth(new Auth.Bearer("tok")));
        ServerDialogViewModel vm = new ServerDialogViewModel(registry, SAME_THREAD, SAME_THREAD, p);
        assertThat(vm.actionLabel()).isEqualTo("Save staging-eu");
        assertThat(vm.authKindProperty().get()).isEqualTo(ServerDialogViewModel.AuthKind.BEARER);
        assertThat(vm.tokenProperty().get()).isEqualTo("tok");
        vm.displayNameProperty().set("staging-eu-2");
        List<ServerProfile> saved = new ArrayList<>();
        vm.save(saved::add);
        assertThat(saved).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(p.id());
            assertThat(s.displayName()).isEqualTo("staging-eu-2");
        });
        assertThat(registry.list()).singleElement().extracting(ServerProfile::displayName).isEqualTo("staging-eu-2");
    }
}
