package com.dazzleops.model.ops.services;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;

/**
 * {@code GET /_dazzle/services} (wire-ops §11, adjacent): the domain-service stubs loaded from the project's
 * services directory. Mounted only when there are some (404 otherwise). No auth.
 *
 * @param services one per service
 * @param count {@code services.size()}
 */
public record ServicesList(List<ServiceInfo> services, int count) {

    public ServicesList {
        services = OpsCollections.list(services);
    }

    public static ServicesList of(List<ServiceInfo> services) {
        return new ServicesList(services, services.size());
    }

    /**
     * @param id service id
     * @param modulePath the Python module path
     * @param hasResultType whether the stub declares a result type
     */
    public record ServiceInfo(String id, String modulePath, boolean hasResultType) {
    }
}
