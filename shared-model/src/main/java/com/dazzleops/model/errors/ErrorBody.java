package com.dazzleops.model.errors;

import com.dazzleops.model.json.Wire;
import com.dazzleops.model.ops.ExactTree;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * FastAPI's error body, {@code {"detail": ...}}, used by every endpoint (wire-ops §0.2, wire-events §2.4).
 *
 * <p>{@code detail} is a string for {@code HTTPException}s (404 {@code "Not Found"}, 405 {@code "Method Not
 * Allowed"}, 500 {@code "Internal Server Error"}, 401 {@code "Not authenticated"}, 403 {@code "Superuser access
 * required"} ...) and a list of {@link ValidationIssue}s for 422. It is kept as a tree so any other shape a server
 * sends still reads and nothing is lost.
 *
 * @param detail the {@code detail} value (a {@code NullNode} when the key was absent)
 */
public record ErrorBody(@JsonDeserialize(using = ExactTree.class) JsonNode detail) {

    public static final String NOT_FOUND = "Not Found";
    public static final String METHOD_NOT_ALLOWED = "Method Not Allowed";
    public static final String INTERNAL_SERVER_ERROR = "Internal Server Error";
    public static final String NOT_AUTHENTICATED = "Not authenticated";

    public ErrorBody {
        detail = detail == null ? NullNode.getInstance() : detail;
    }

    /** {@code {"detail":"<text>"}}. */
    public static ErrorBody of(String detail) {
        return new ErrorBody(TextNode.valueOf(Objects.requireNonNull(detail, "detail")));
    }

    /** The 422 body: {@code {"detail":[issue, ...]}}. */
    public static ErrorBody validation(List<ValidationIssue> issues) {
        return new ErrorBody(Wire.mapper().valueToTree(List.copyOf(issues)));
    }

    /** The 422 body for one issue. */
    public static ErrorBody validation(ValidationIssue issue) {
        return validation(List.of(issue));
    }

    /** 404 {@code {"detail":"Not Found"}}. */
    public static ErrorBody notFound() {
        return of(NOT_FOUND);
    }

    /** 405 {@code {"detail":"Method Not Allowed"}}. */
    public static ErrorBody methodNotAllowed() {
        return of(METHOD_NOT_ALLOWED);
    }

    /** 500 {@code {"detail":"Internal Server Error"}}. */
    public static ErrorBody internalServerError() {
        return of(INTERNAL_SERVER_ERROR);
    }

    /** 401 {@code {"detail":"Not authenticated"}}. */
    public static ErrorBody notAuthenticated() {
        return of(NOT_AUTHENTICATED);
    }

    /** The detail when it is a string. */
    public Optional<String> detailText() {
        return detail.isTextual() ? Optional.of(detail.asText()) : Optional.empty();
    }

    /** True for the 422 list form. */
    public boolean isValidation() {
        return detail.isArray();
    }

    /** The 422 items (empty when the detail is not a list; items that do not fit are skipped, not fatal). */
    public List<ValidationIssue> issues() {
        if (!detail.isArray()) {
            return List.of();
        }
        try {
            return Wire.mapper().readerFor(new TypeReference<List<ValidationIssue>>() { }).readValue(detail);
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** One line for a person: the string detail, or the issues joined with "; ". */
    public String describe() {
        if (detail.isTextual()) {
            return detail.asText();
        }
        if (detail.isArray()) {
            return issues().stream().map(ValidationIssue::describe).collect(Collectors.joining("; "));
        }
        return detail.isNull() ? "" : detail.toString();
    }
}
