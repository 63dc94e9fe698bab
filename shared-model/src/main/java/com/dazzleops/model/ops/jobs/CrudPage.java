package com.dazzleops.model.ops.jobs;

import com.dazzleops.model.json.Wire;
import com.dazzleops.model.ops.OpsCollections;
import com.fasterxml.jackson.databind.JavaType;

import java.util.List;

/**
 * The body of a generated entity list endpoint such as {@code GET /jobruns} (wire-ops §6.3), generic over the item
 * type: {@code {"items":[...],"total":n,"page":p,"page_size":s}}.
 *
 * <p>Quirks: {@code total} is the filtered {@code COUNT(*)}; a few rows failing validation may be missing from
 * {@code items} without {@code total} changing. Invalid filter values and unknown sort keys are silently dropped by
 * the server. Read with {@link #typeOf(Class)}, e.g. {@code Wire.decode(200, body, CrudPage.typeOf(JobRun.class))}.
 *
 * @param items the rows of this page
 * @param total rows matching the filter
 * @param page 1-based page number (echo)
 * @param pageSize page size (echo)
 * @param <T> the entity record
 */
public record CrudPage<T>(List<T> items, long total, int page, int pageSize) {

    /** Default and bounds of the list endpoint's parameters. */
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    public CrudPage {
        items = OpsCollections.list(items);
    }

    /** The Jackson type of a page of {@code itemType}. */
    public static JavaType typeOf(Class<?> itemType) {
        return Wire.mapper().getTypeFactory().constructParametricType(CrudPage.class, itemType);
    }

    /** Number of pages for {@code total} at this page size (at least 1). */
    public int pageCount() {
        return pageSize <= 0 ? 1 : (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }
}
