package com.dazzleops.server.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application as data: the invoice_ops AppSpec read from {@code /appspec/invoice_ops.json}.
 *
 * <p>Keeps the raw document (served verbatim by {@code GET /spec} and hashed into {@code dsl_hash}) and typed views of
 * what the runtime executes: entities and fields, state machines, approvals, jobs, integrations, surfaces.
 */
public final class AppSpec {

    public static final String DEFAULT_RESOURCE = "/appspec/invoice_ops.json";

    private static final ObjectMapper SPEC_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final JsonNode raw;
    private final String name;
    private final String title;
    private final String version;
    private final List<EntitySpec> entities;
    private final Map<String, EntitySpec> byName;
    private final List<ApprovalSpec> approvals;
    private final List<JobSpec> jobs;
    private final List<IntegrationSpec> integrations;
    private final List<String> surfaces;
    private final int workspaces;
    private final String dslHash;
    private final Map<String, Map<String, Object>> tenantConfigSeed;

    private AppSpec(JsonNode raw) {
        this.raw = raw;
        this.name = text(raw, "name");
        this.title = raw.hasNonNull("title") ? raw.get("title").asText() : null;
        this.version = raw.path("version").asText("0.0.0");
        List<EntitySpec> es = new ArrayList<>();
        for (JsonNode e : raw.path("domain").path("entities")) {
            es.add(EntitySpec.fromJson(e));
        }
        this.entities = List.copyOf(es);
        Map<String, EntitySpec> m = new LinkedHashMap<>();
        for (EntitySpec e : entities) {
            if (m.put(e.name(), e) != null) {
                throw new IllegalArgumentException("AppSpec declares entity " + e.name() + " twice");
            }
        }
        this.byName = Collections.unmodifiableMap(m);
        this.approvals = convertList(raw.path("approvals"), ApprovalSpec.class);
        this.jobs = convertList(raw.path("jobs"), JobSpec.class);
        this.integrations = convertList(raw.path("integrations"), IntegrationSpec.class);
        List<String> s = new ArrayList<>();
        for (JsonNode n : raw.path("surfaces")) {
            s.add(n.path("name").asText());
        }
        this.surfaces = List.copyOf(s);
        this.workspaces = raw.path("workspaces").size();
        Map<String, Map<String, Object>> tc = new LinkedHashMap<>();
        raw.path("tenancy").path("per_tenant_config_seed_values").fields().forEachRemaining(en -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> v = SPEC_MAPPER.convertValue(en.getValue(), Map.class);
            tc.put(en.getKey(), v);
        });
        this.tenantConfigSeed = Collections.unmodifiableMap(tc);
        for (ApprovalSpec a : approvals) {
            if (!byName.containsKey(a.entity())) {
                throw new IllegalArgumentException("approval " + a.name() + " names unknown entity " + a.entity());
            }
        }
        for (JobSpec j : jobs) {
            if (j.deadLetter() != null && !j.deadLetter().isEmpty() && !byName.containsKey(j.deadLetter())) {
                throw new IllegalArgumentException("job " + j.name() + " names unknown dead_letter entity " + j.deadLetter());
            }
        }
        try {
            byte[] bytes = SPEC_MAPPER.writeValueAsBytes(raw);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            this.dslHash = HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the AppSpec", e);
        }
    }

    /** Loads the bundled invoice_ops spec. */
    public static AppSpec loadDefault() {
        return load(DEFAULT_RESOURCE);
    }

    public static AppSpec load(String resource) {
        try (InputStream in = AppSpec.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("AppSpec resource " + resource + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read AppSpec " + resource + ": " + e.getMessage(), e);
        }
    }

    public static AppSpec parse(String json) {
        try {
            JsonNode tree = SPEC_MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException("AppSpec must be a JSON object");
            }
            return new AppSpec(tree);
        } catch (IOException e) {
            throw new IllegalArgumentException("AppSpec is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> convertList(JsonNode array, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(SPEC_MAPPER.convertValue(n, type));
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("AppSpec is missing \"" + key + "\"");
        }
        return v.asText();
    }

    /** The whole document, as loaded (read-only by convention: do not mutate). */
    public JsonNode raw() {
        return raw;
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public String version() {
        return version;
    }

    public List<EntitySpec> entities() {
        return entities;
    }

    public Optional<EntitySpec> entity(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public EntitySpec requireEntity(String name) {
        EntitySpec e = byName.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no entity " + name + " in the AppSpec");
        }
        return e;
    }

    public List<ApprovalSpec> approvals() {
        return approvals;
    }

    public List<JobSpec> jobs() {
        return jobs;
    }

    public Optional<JobSpec> job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    public List<IntegrationSpec> integrations() {
        return integrations;
    }

    public Optional<IntegrationSpec> integration(String name) {
        return integrations.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Surface names in declaration order (what Dazzle's /_dazzle/spec calls "services"). */
    public List<String> surfaces() {
        return surfaces;
    }

    public int workspaceCount() {
        return workspaces;
    }

    /** The event model section (topics, events, projections) as declared, for the events subsystem. */
    public JsonNode eventModel() {
        return raw.path("event_model");
    }

    /** The processes section (settle_invoice) as declared. */
    public JsonNode processes() {
        return raw.path("processes");
    }

    /** Per-tenant configuration seed (approval_threshold, base_currency), keyed by tenant id. */
    public Map<String, Map<String, Object>> tenantConfigSeed() {
        return tenantConfigSeed;
    }

    /** First 8 hex characters of SHA-256 over the compact serialisation of the document. */
    public String dslHash() {
        return dslHash;
    }
}
