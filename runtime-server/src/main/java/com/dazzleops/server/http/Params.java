package com.dazzleops.server.http;

import com.dazzleops.model.errors.ErrorBody;
import com.dazzleops.model.errors.ValidationIssue;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * Query-parameter validation with FastAPI's semantics: every bad parameter is collected, then {@link #validate()}
 * throws one 422 listing them all ({@code int_parsing}, {@code greater_than_equal}, {@code less_than_equal}).
 */
public final class Params {

    private final Context ctx;
    private final List<ValidationIssue> issues = new ArrayList<>();

    private Params(Context ctx) {
        this.ctx = ctx;
    }

    public static Params of(Context ctx) {
        return new Params(ctx);
    }

    /** An integer query parameter with bounds (inclusive); absent → default. */
    public int intParam(String name, int dflt, Integer min, Integer max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(raw.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            issues.add(ValidationIssue.intParsing(name, raw));
            return dflt;
        }
        if (min != null && v < min) {
            issues.add(ValidationIssue.greaterThanEqual(name, raw, min));
            return dflt;
        }
        if (max != null && v > max) {
            issues.add(ValidationIssue.lessThanEqual(name, raw, max));
            return dflt;
        }
        return (int) v;
    }

    /** An optional string parameter; empty string counts as absent when {@code emptyIsAbsent}. */
    public String stringParam(String name, boolean emptyIsAbsent) {
        String raw = ctx.queryParam(name);
        if (raw == null || (emptyIsAbsent && raw.isEmpty())) {
            return null;
        }
        return raw;
    }

    /** A required string parameter: missing → 422 {@code missing}. */
    public String requiredString(String name) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            issues.add(ValidationIssue.missing(name));
        }
        return raw;
    }

    /** Throws the 422 when any parameter failed. */
    public void validate() {
        if (!issues.isEmpty()) {
            throw new HttpError(422, ErrorBody.validation(issues));
        }
    }
}
