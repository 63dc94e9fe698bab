package com.dazzleops.model.ops;

import com.dazzleops.model.fixtures.Fixtures;
import com.dazzleops.model.fixtures.Fixtures.Fixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of wire-ops.md has fixtures: at least one body the console reads as a value, and for every
 * endpoint our server implements at least one body it must write byte for byte. The list is explicit on purpose:
 * adding an endpoint to the contract means adding it here.
 */
class OpsEndpointCoverageTest {

    /** Every endpoint of wire-ops.md (§2-§11) plus the 0.71 JobRun path and the Redis stream, as "METHOD path". */
    static final List<String> ENDPOINTS = List.of(
            "GET /_dazzle/health",
            "GET /_dazzle/live",
            "GET /_dazzle/ready",
            "GET /_dazzle/stats",
            "GET /_dazzle/spec",
            "GET /_dazzle/entity/{entity_name}",
            "GET /_dazzle/tables",
            "GET /health",
            "GET /spec",
            "GET /db-info",
            "GET /_diagnostics",
            "GET /_dazzle/audit/logs",
            "GET /_dazzle/audit/logs/{entity_name}/{entity_id}",
            "GET /_dazzle/audit/stats",
            "GET /_dazzle/jobs",
            "GET /_dazzle/jobs/runs",
            "GET /_dazzle/jobs/dead-letter",
            "GET /jobruns",
            "GET /jobruns/{id}",
            "GET /api/jobruns",
            "GET /_dazzle/approvals/pending",
            "GET /_dazzle/integrations/{name}/retries",
            "GET /_dazzle/metrics",
            "XADD dazzle:metrics:stream",
            "GET /_dazzle/services",
            "POST /_dazzle/services/{service_id}/invoke");

    /** Served by real Dazzle only (0.71), never written by our server: no round-trip fixture required. */
    static final Set<String> READ_ONLY = Set.of("GET /api/jobruns", "GET /_dazzle/metrics");

    private static final Pattern PARAM = Pattern.compile("\\{[^}]+}");

    private static List<Fixture> ops() {
        return Fixtures.area("ops");
    }

    /** The endpoint a fixture's method and path belong to, or null. */
    static String endpointOf(Fixture f) {
        String path = f.path().contains("?") ? f.path().substring(0, f.path().indexOf('?')) : f.path();
        for (String e : ENDPOINTS) {
            String[] mp = e.split(" ", 2);
            String regex = "^" + PARAM.matcher(Pattern.quote(mp[1]))
                    .replaceAll(m -> "\\\\E[^/]+\\\\Q") + "$";
            boolean methodMatches = mp[0].equals(f.method())
                    || ("GET".equals(mp[0]) && "HEAD".equals(f.method()));
            if (methodMatches && Pattern.matches(regex, path)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void everyEndpointHasAFixtureTheConsoleReadsAsAValue() {
        Map<String, List<Fixture>> byEndpoint = new LinkedHashMap<>();
        ENDPOINTS.forEach(e -> byEndpoint.put(e, new ArrayList<>()));
        for (Fixture f : ops()) {
            String e = endpointOf(f);
            if (e != null) {
                byEndpoint.get(e).add(f);
            }
        }
        for (var entry : byEndpoint.entrySet()) {
            assertThat(entry.getValue()).as("fixtures of %s", entry.getKey()).isNotEmpty();
            assertThat(entry.getValue()).as("a successful body of %s", entry.getKey())
                    .anyMatch(f -> "ok".equals(f.expect()));
            if (!READ_ONLY.contains(entry.getKey())) {
                assertThat(entry.getValue()).as("a body our server writes for %s", entry.getKey())
                        .anyMatch(Fixture::roundTrip);
            }
        }
    }

    @Test
    void everyOpsFixtureBelongsToAListedEndpointOrIsAGenericErrorBody() {
        List<String> orphans = ops().stream()
                .filter(f -> endpointOf(f) == null && !f.file().startsWith("errors/"))
                .map(Fixture::toString).toList();
        assertThat(orphans).as("fixtures whose method/path match no endpoint").isEmpty();
    }

    @Test
    void everyBodyFileOnDiskIsInTheManifestAndViceVersa() throws IOException, URISyntaxException {
        // the source folder when run from the module (stale copies in target/ are not the truth), else the classpath
        Path src = Path.of("src/test/resources/fixtures/ops");
        Path root = Files.isDirectory(src) ? src : Path.of(Fixtures.class.getResource("/fixtures/ops").toURI());
        Set<String> onDisk;
        try (Stream<Path> s = Files.walk(root)) {
            onDisk = s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("manifest.json")).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = ops().stream().map(Fixture::file).collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).containsExactlyElementsOf(onDisk);
        assertThat(ops()).extracting(Fixture::file).doesNotHaveDuplicates();
    }

    @Test
    void manifestEntriesAreComplete() {
        for (Fixture f : ops()) {
            assertThat(f.path()).as("path of %s", f).isNotBlank();
            assertThat(f.variant()).as("variant of %s", f).isNotBlank();
            assertThat(f.status()).as("status of %s", f).isBetween(100, 599);
            assertThat(f.typeClass()).as("type of %s", f).isNotNull();
            if (f.status() >= 300) {
                assertThat(f.expect()).as("expect of %s", f).isNotEqualTo("ok");
                assertThat(f.roundTrip() && !f.type().endsWith(".ErrorBody"))
                        .as("an error body round-trips only as ErrorBody: %s", f).isFalse();
            }
        }
    }

    @Test
    void theQuirkVariantsTheContractNamesAreAllPresent() {
        List<Fixture> all = ops();
        assertThat(all).as("HTTP-200 error bodies").anyMatch(f -> f.status() == 200 && "APP_ERROR".equals(f.expect()));
        assertThat(all).as("404 undeclared").anyMatch(f -> "NOT_DECLARED".equals(f.expect()));
        assertThat(all).as("500").anyMatch(f -> f.status() == 500);
        assertThat(all).as("null body").anyMatch(f -> "MALFORMED".equals(f.expect()) && f.body().strip().equals("null"));
        assertThat(all).as("422").anyMatch(f -> f.status() == 422);
        assertThat(all).as("401").anyMatch(f -> f.status() == 401 && f.path().startsWith("/_dazzle/audit"));
        assertThat(all).as("403").anyMatch(f -> f.status() == 403 && f.path().startsWith("/_dazzle/audit"));
        assertThat(all).as("Z timestamps").anyMatch(f -> f.body().contains("Z\""));
        assertThat(all).as("+00:00 timestamps").anyMatch(f -> f.body().contains("+00:00\""));
        assertThat(all).as("naive timestamps").anyMatch(f -> f.body().matches("(?s).*\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\".*"));
        assertThat(all).as("database-text timestamps").anyMatch(f -> f.body().matches("(?s).*\\d \\d{2}:\\d{2}:\\d{2}[.\\d]*\\+00\".*"));
        assertThat(all).as("/api/jobruns").anyMatch(f -> f.path().startsWith("/api/jobruns") && "ok".equals(f.expect()));
        assertThat(all).as("text/plain metrics").anyMatch(f -> f.contentType().startsWith("text/plain; version=0.0.4"));
    }
}
