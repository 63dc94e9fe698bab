package com.dazzleops.server.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Optional;

/** An integration with its outbound mappings. */
public record IntegrationSpec(String name, String title, @JsonProperty("base_url") String baseUrl,
                              List<MappingSpec> mappings) {

    public IntegrationSpec {
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
    }

    public Optional<MappingSpec> mapping(String name) {
        return mappings.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** One outbound call: request, timeout, and the retry policy when {@code on_error} includes {@code retry}. */
    public record MappingSpec(String name, Request request, @JsonProperty("on_error") List<String> onError,
                              @JsonProperty("timeout_seconds") Double timeoutSeconds, Retry retry) {
        public MappingSpec {
            onError = onError == null ? List.of() : List.copyOf(onError);
            timeoutSeconds = timeoutSeconds == null ? 30.0 : timeoutSeconds;
        }

        public boolean retries() {
            return onError.contains("retry");
        }

        /** 3 when on_error includes retry (or the declared max), else 1. */
        public int maxAttempts() {
            if (!retries()) {
                return 1;
            }
            return retry != null && retry.maxAttempts() != null ? retry.maxAttempts() : 3;
        }

        /** Delay before attempt n+1 after attempt n failed transiently (0.5 s, then 1.0 s by default). */
        public double backoffSeconds(int attempt) {
            List<Double> b = retry == null || retry.backoffSeconds() == null ? List.of(0.5, 1.0) : retry.backoffSeconds();
            if (b.isEmpty()) {
                return 0;
            }
            return b.get(Math.min(attempt - 1, b.size() - 1));
        }
    }

    public record Request(String method, String path) {
    }

    public record Retry(@JsonProperty("max_attempts") Integer maxAttempts,
                        @JsonProperty("backoff_seconds") List<Double> backoffSeconds) {
    }
}
