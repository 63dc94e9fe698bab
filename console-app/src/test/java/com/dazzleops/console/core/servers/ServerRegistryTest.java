package com.dazzleops.console.core.servers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerRegistryTest {

    @TempDir
    Path tmp;

    @Test
    void persistsAtomicallyWithOwnerOnlyPermissionsAndReloads() throws Exception {
        Path file = tmp.resolve("cfg/dazzle-console/servers.json");
        ServerRegistry reg = ServerRegistry.open(file);
        List<String> events = new ArrayList<>();
        reg.addListener((kind, p) -> events.add(kind + " " + p.displayName()));
        ServerProfile prod = ServerProfile.create("prod", "https://ops.example.com:8443/", Environment.PRODUCTION)
                .withAuth(new Auth.Bearer("s3cr3t-token"));
        reg.add(prod);
        reg.add(ServerProfile.create("local", "http://127.0.0.1:8000", Environment.DEV)
                .withAuth(new Auth.SessionCookie(null, "sess-value")).withReadOnly(true));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("servers.json"); // no temp left
        }

        ServerRegistry again = ServerRegistry.open(file);
        assertThat(again.loadProblem()).isEmpty();
        assertThat(again.list()).hasSize(2);
        ServerProfile p = again.get(prod.id()).orElseThrow();
        assertThat(p.baseUrl().toString()).isEqualTo("https://ops.example.com:8443");
        assertThat(p.auth()).isEqualTo(new Auth.Bearer("s3cr3t-token"));
        assertThat(p.environment()).isEqualTo(Environment.PRODUCTION);
        assertThat(p.colour()).isEqualTo("#c62828");
        assertThat(again.list().get(1).readOnly()).isTrue();
        assertThat(again.list().get(1).auth()).isEqualTo(new Auth.SessionCookie("dazzle_session", "sess-value"));

        reg.update(prod.withDisplayName("production"));
        assertThat(reg.remove(prod.id())).isTrue();
        assertThat(reg.remove("nope")).isFalse();
        assertThat(events).containsExactly("ADDED prod", "ADDED local", "UPDATED production", "REMOVED production");
        assertThat(ServerRegistry.open(file).list()).extracting(ServerProfile::displayName).containsExactly("local");
    }

    @Test
    void tokensNeverAppearInToString() {
        ServerProfile p = ServerProfile.create("x", "http://h:1", Environment.STAGING).withAuth(new Auth.Bearer("TOPSECRET"));
        ServerProfile c = p.withAuth(new Auth.SessionCookie("dazzle_session", "COOKIESECRET"));
        assertThat(p.toString()).doesNotContain("TOPSECRET").contains("bearer(***)");
        assertThat(c.toString()).doesNotContain("COOKIESECRET").contains("dazzle_session=***");
        assertThat(new Auth.Bearer("TOPSECRET").toString()).doesNotContain("TOPSECRET");
    }

    @Test
    void urlValidationSaysWhatIsWrong() {
        assertThat(ServerProfile.parseBaseUrl(" HTTP://LocalHost:8000/ ").toString()).isEqualTo("http://localhost:8000");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("")).hasMessageContaining("Enter the server's address");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("localhost:8000")).hasMessageContaining("http://");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("ftp://h")).hasMessageContaining("only http:// and https://");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("http://h:8000/_dazzle/health"))
                .hasMessageContaining("Remove the path '/_dazzle/health'");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("http://h?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("http://h#top")).hasMessageContaining("fragment");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("http://u:p@h")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("http:///x")).hasMessageContaining("no host");
        assertThatThrownBy(() -> ServerProfile.parseBaseUrl("http://h a")).hasMessageContaining("not a valid URL");
    }

    @Test
    void duplicateUrlIsRejectedAndNothingChanges() {
        ServerRegistry reg = ServerRegistry.open(tmp.resolve("servers.json"));
        reg.add(ServerProfile.create("a", "http://h:1", Environment.DEV));
        assertThatThrownBy(() -> reg.add(ServerProfile.create("b", "http://H:1/", Environment.DEV)))
                .hasMessageContaining("already watches");
        assertThat(reg.list()).hasSize(1);
    }

    @Test
    void corruptFileIsMovedAsideNotLost() throws Exception {
        Path file = tmp.resolve("servers.json");
        Files.writeString(file, "{not json");
        ServerRegistry reg = ServerRegistry.open(file);
        assertThat(reg.loadProblem()).get().asString().contains("could not read").contains("kept as servers.json.corrupt-");
        assertThat(reg.list()).isEmpty();
        try (var files = Files.list(tmp)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("servers.json.corrupt-")).findFirst()
                    .orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo("{not json");
        }
        reg.add(ServerProfile.create("a", "http://h:1", Environment.DEV)); // usable afterwards
        assertThat(ServerRegistry.open(file).list()).hasSize(1);
    }

    @Test
    void xdgDirectoriesFollowTheSpec() {
        assertThat(ConsolePaths.configDir(Map.of("XDG_CONFIG_HOME", "/x/cfg"), "/home/u"))
                .isEqualTo(Path.of("/x/cfg/dazzle-console"));
        assertThat(ConsolePaths.configDir(Map.of("XDG_CONFIG_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/dazzle-console"));
        assertThat(ConsolePaths.dataDir(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/share/dazzle-console"));
    }
}
