package com.dazzleops.model.ops.services;

import com.dazzleops.model.ops.ExactTree;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code POST /_dazzle/services/{service_id}/invoke} (wire-ops §11, adjacent): {@code {"result": <any>}}. Errors:
 * 404 {@code Service not found: <id>}, 400 on input coercion failure, 500 {@code Service invocation failed}.
 *
 * @param result whatever the service returned (a JSON {@code null} node when it returned nothing)
 */
public record ServiceInvokeResult(@JsonDeserialize(using = ExactTree.class) JsonNode result) {

    public ServiceInvokeResult {
        result = result == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : result;
    }

    public static String notFoundDetail(String serviceId) {
        return "Service not found: " + serviceId;
    }
}
