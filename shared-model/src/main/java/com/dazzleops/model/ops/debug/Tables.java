package com.dazzleops.model.ops.debug;

import com.dazzleops.model.ops.OpsCollections;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code GET /_dazzle/tables} (wire-ops §2.7): every table of schema {@code public}, alphabetical, with a count.
 * Includes framework tables. A failing catalog query is a 500 {@link com.dazzleops.model.errors.ErrorBody}.
 *
 * @param tables one per table
 */
public record Tables(List<TableCount> tables) {

    public Tables {
        tables = OpsCollections.list(tables);
    }

    /**
     * One table.
     *
     * @param name table name
     * @param count {@code COUNT(*)}, or {@code -1} when the count failed
     * @param error present only on failure, value {@code "unreadable"}; omitted otherwise
     */
    public record TableCount(String name, long count, @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

        public static final String UNREADABLE = "unreadable";

        public static TableCount of(String name, long count) {
            return new TableCount(name, count, null);
        }

        /** A table whose count failed: {@code count -1, error "unreadable"}. */
        public static TableCount unreadable(String name) {
            return new TableCount(name, -1, UNREADABLE);
        }

        public boolean isReadable() {
            return error == null && count >= 0;
        }
    }
}
