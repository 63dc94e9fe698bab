package com.dazzleops.server.entity;

import java.util.List;

/**
 * A generic CRUD list request: 1-based page, page size, optional sort field and direction, search term, filters.
 */
public record ListQuery(int page, int pageSize, String sort, boolean descending, String search, List<Filter> filters) {

    public ListQuery {
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    public static ListQuery firstPage(int pageSize) {
        return new ListQuery(1, pageSize, null, false, null, List.of());
    }

    public ListQuery withFilter(Filter f) {
        List<Filter> l = new java.util.ArrayList<>(filters);
        l.add(f);
        return new ListQuery(page, pageSize, sort, descending, search, l);
    }

    public ListQuery sortedBy(String field, boolean desc) {
        return new ListQuery(page, pageSize, field, desc, search, filters);
    }

    /** {@code field op value}; value already converted to the field's stored type (a List for in/not_in/between). */
    public record Filter(String field, String op, Object value) {
        public static Filter eq(String field, Object value) {
            return new Filter(field, "eq", value);
        }
    }
}
