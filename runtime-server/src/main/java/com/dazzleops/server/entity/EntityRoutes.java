package com.dazzleops.server.entity;

import com.dazzleops.model.json.Wire;
import com.dazzleops.model.ops.jobs.CrudPage;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.auth.AuthService;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.HttpError;
import com.dazzleops.server.http.Params;
import com.dazzleops.server.http.RouteTable;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spec.FieldSpec;
import com.dazzleops.server.spi.Actor;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dazzle's generic CRUD routes for every entity, un-prefixed ({@code /invoices}, {@code /jobruns}, ...):
 * {@code GET} list (page, page_size, sort, dir, search/q, {@code filter[field__op]}, declared bare filters,
 * {@code format=csv}), {@code GET/PUT/PATCH/DELETE /{id}}, {@code POST} create. State transitions go through the
 * update with a new status. JobRun is also served at {@code /api/jobruns} (the path the observability guide names).
 */
public final class EntityRoutes {

    private static final Pattern FILTER = Pattern.compile("^filter\\[([A-Za-z_][A-Za-z0-9_]*?)(?:__([a-z_]+))?]$");
    private static final List<String> OPS = List.of("eq", "ne", "gt", "gte", "lt", "lte", "contains", "icontains",
            "startswith", "istartswith", "endswith", "iendswith", "in", "not_in", "isnull", "between");

    private final EntityService service;
    private final AuthService auth;

    public EntityRoutes(EntityService service, AuthService auth) {
        this.service = service;
        this.auth = auth;
    }

    public void register(RouteTable r) {
        for (EntitySpec e : service.spec().entities()) {
            mount(r, "/" + e.collectionSlug(), e);
            if (e.name().equals("JobRun")) {
                mount(r, "/api/" + e.collectionSlug(), e);
            }
        }
    }

    private void mount(RouteTable r, String base, EntitySpec e) {
        r.get(base, ctx -> list(ctx, e));
        r.post(base, ctx -> create(ctx, e));
        r.get(base + "/{id}", ctx -> get(ctx, e));
        r.put(base + "/{id}", ctx -> update(ctx, e));
        r.patch(base + "/{id}", ctx -> update(ctx, e));
        r.delete(base + "/{id}", ctx -> delete(ctx, e));
    }

    private Actor actor(Context ctx) throws SQLException {
        return auth.optionalUser(ctx).map(AuthService.AuthUser::actor)
                .orElseThrow(() -> HttpError.detail(401, "Authentication required"));
    }

    private static String uuidPath(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException ex) {
            throw HttpError.detail(404, "Not Found"); // Starlette's uuid converter does not match
        }
    }

    private void list(Context ctx, EntitySpec e) throws SQLException {
        String format = ctx.queryParam("format");
        if (format != null && !format.isEmpty() && !format.equals("raw") && !format.equals("csv")) {
            if (format.equals("cytoscape") || format.equals("d3")) {
                throw HttpError.detail(400, e.name() + " is not a graph edge entity");
            }
            throw HttpError.detail(400, "Invalid format. Supported: csv, cytoscape, d3, raw");
        }
        Params p = Params.of(ctx);
        int page = p.intParam("page", 1, 1, null);
        int size = p.intParam("page_size", 20, 1, 100);
        p.validate();
        Actor actor = actor(ctx);
        String sort = ctx.queryParam("sort");
        if (sort != null) {
            sort = sort.startsWith("-") ? sort.substring(1) : sort;
            if (!e.hasField(sort)) {
                sort = null; // unknown sort keys are silently ignored
            }
        }
        boolean desc = "desc".equalsIgnoreCase(ctx.queryParam("dir"));
        String search = ctx.queryParam("search");
        if (search == null || search.isEmpty()) {
            search = ctx.queryParam("q");
        }
        List<ListQuery.Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
            String key = q.getKey();
            String value = q.getValue().isEmpty() ? null : q.getValue().get(0);
            if (value == null || value.isEmpty()) {
                continue;
            }
            Matcher m = FILTER.matcher(key);
            if (m.matches()) {
                String op = m.group(2) == null ? "eq" : m.group(2);
                addFilter(filters, e, m.group(1), op, value);
            } else if (e.listFilters().contains(key)) {
                addFilter(filters, e, key, "eq", value);
            }
        }
        EntityRepository.Page result = service.list(actor, e.name(),
                new ListQuery(page, size, sort, desc, search, filters), RequestInfo.of(ctx));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : result.items()) {
            items.add(render(e, row));
        }
        if ("csv".equals(format)) {
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"" + e.name().toLowerCase(Locale.ROOT) + ".csv\"");
            ctx.result(Csv.write(e, items));
            return;
        }
        Http.json(ctx, new CrudPage<>(items, result.total(), page, size));
    }

    /** Converts a filter value to the field's type; values that do not fit are dropped (the list is unfiltered). */
    static void addFilter(List<ListQuery.Filter> out, EntitySpec e, String field, String op, String raw) {
        FieldSpec f = e.field(field).orElse(null);
        if (f == null || !OPS.contains(op)) {
            return;
        }
        switch (op) {
            case "isnull" -> {
                String v = raw.toLowerCase(Locale.ROOT);
                if (v.equals("true") || v.equals("1")) {
                    out.add(new ListQuery.Filter(field, op, Boolean.TRUE));
                } else if (v.equals("false") || v.equals("0")) {
                    out.add(new ListQuery.Filter(field, op, Boolean.FALSE));
                }
            }
            case "in", "not_in", "between" -> {
                List<Object> values = new ArrayList<>();
                for (String part : raw.split(",")) {
                    Object v = Values.fromQuery(f, part.trim());
                    if (v == null) {
                        return;
                    }
                    values.add(v);
                }
                if (op.equals("between") && values.size() != 2) {
                    return;
                }
                out.add(new ListQuery.Filter(field, op, values));
            }
            case "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith" ->
                    out.add(new ListQuery.Filter(field, op, raw));
            default -> {
                Object v = Values.fromQuery(f, raw);
                if (v != null) {
                    out.add(new ListQuery.Filter(field, op, v));
                }
            }
        }
    }

    private void get(Context ctx, EntitySpec e) throws SQLException {
        String id = uuidPath(ctx);
        Actor actor = actor(ctx);
        Http.json(ctx, render(e, service.get(actor, e.name(), id, RequestInfo.of(ctx))));
    }

    private void create(Context ctx, EntitySpec e) throws SQLException {
        Actor actor = actor(ctx);
        JsonNode body = body(ctx);
        Http.json(ctx, 201, render(e, service.create(actor, e.name(), body, RequestInfo.of(ctx))));
    }

    private void update(Context ctx, EntitySpec e) throws SQLException {
        String id = uuidPath(ctx);
        Actor actor = actor(ctx);
        EntityService.UpdateResult r = service.update(actor, e.name(), id, body(ctx), RequestInfo.of(ctx));
        if (r.held().isPresent()) {
            ctx.header("X-Dazzle-Approval", r.held().get());
            Http.json(ctx, 202, render(e, r.row()));
            return;
        }
        Http.json(ctx, render(e, r.row()));
    }

    private void delete(Context ctx, EntitySpec e) throws SQLException {
        String id = uuidPath(ctx);
        Actor actor = actor(ctx);
        service.delete(actor, e.name(), id, RequestInfo.of(ctx));
        ctx.status(204);
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Wire.mapper().readTree(text);
        } catch (Exception ex) {
            throw new HttpError(422, com.dazzleops.model.errors.ErrorBody.validation(new com.dazzleops.model.errors.ValidationIssue(
                    "json_invalid", List.of("body", 0), "JSON decode error", "", Map.of("error", "Expecting value"))));
        }
    }

    /** Pydantic rendering of a stored row, fields in declaration order. */
    public static Map<String, Object> render(EntitySpec e, Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldSpec f : e.fields()) {
            out.put(f.name(), Values.toPydantic(f, row.get(f.name())));
        }
        return out;
    }
}
