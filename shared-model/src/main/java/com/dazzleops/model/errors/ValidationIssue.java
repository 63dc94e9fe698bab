package com.dazzleops.model.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One item of FastAPI's 422 body ({@code {"detail":[...]}}), Pydantic v2 style (wire-ops §0.2, wire-events §2.4).
 *
 * <p>Keys, in this order: {@code type}, {@code loc}, {@code msg}, {@code input} (always present, {@code null} for a
 * missing parameter), and {@code ctx} only when the constraint has parameters (so {@code int_parsing} and
 * {@code missing} carry no {@code ctx}). There is no {@code url} key. Query inputs are echoed as the raw query
 * string text ({@code "0"}, not {@code 0}).
 *
 * @param type Pydantic error type, e.g. {@code greater_than_equal}
 * @param loc where: {@code ["query","limit"]}, {@code ["path","entity_name"]} (strings, or integers for list indices)
 * @param msg Pydantic's English message
 * @param input the rejected input as received; {@code null} when it was missing
 * @param ctx the constraint's parameters ({@code {"ge":1}}), omitted when {@code null}
 */
public record ValidationIssue(String type, List<Object> loc, String msg, Object input,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> ctx) {

    /** Location of a query-string parameter. */
    public static final String QUERY = "query";
    /** Location of a path parameter. */
    public static final String PATH = "path";

    public ValidationIssue {
        loc = loc == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(loc));
        ctx = ctx == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(ctx));
    }

    /** {@code ?param=input} below a {@code ge=} bound: "Input should be greater than or equal to 1". */
    public static ValidationIssue greaterThanEqual(String param, String input, Number ge) {
        return new ValidationIssue("greater_than_equal", queryLoc(param),
                "Input should be greater than or equal to " + ge, input, Map.of("ge", ge));
    }

    /** {@code ?param=input} above an {@code le=} bound: "Input should be less than or equal to 100". */
    public static ValidationIssue lessThanEqual(String param, String input, Number le) {
        return new ValidationIssue("less_than_equal", queryLoc(param),
                "Input should be less than or equal to " + le, input, Map.of("le", le));
    }

    /** {@code ?param=abc} on an integer parameter; no {@code ctx}. */
    public static ValidationIssue intParsing(String param, String input) {
        return new ValidationIssue("int_parsing", queryLoc(param),
                "Input should be a valid integer, unable to parse string as an integer", input, null);
    }

    /** A required query parameter that was not sent: {@code "input":null}, no {@code ctx}. */
    public static ValidationIssue missing(String param) {
        return new ValidationIssue("missing", queryLoc(param), "Field required", null, null);
    }

    /** The same issue for a path parameter ({@code ["path", name]}) instead of a query parameter. */
    public ValidationIssue inPath() {
        List<Object> l = new ArrayList<>(loc);
        if (!l.isEmpty()) {
            l.set(0, PATH);
        }
        return new ValidationIssue(type, l, msg, input, ctx);
    }

    /** The parameter name: the last element of {@code loc}, or "" when there is none. */
    public String param() {
        return loc.isEmpty() ? "" : String.valueOf(loc.get(loc.size() - 1));
    }

    /** One line for a person: {@code limit: Input should be greater than or equal to 1}. */
    public String describe() {
        return param().isEmpty() ? Objects.toString(msg, "") : param() + ": " + Objects.toString(msg, "");
    }

    private static List<Object> queryLoc(String param) {
        return List.of(QUERY, Objects.requireNonNull(param, "param"));
    }
}
