package com.dazzleops.server.spi;

import java.util.List;

/**
 * Who performs a write: an authenticated user, or the system (job worker, demo workload, settlement).
 *
 * @param userId the auth user's id (null for the system)
 * @param email login email (null for the system)
 * @param roles global roles, as stored (e.g. {@code approver})
 * @param superuser the {@code is_superuser} flag: bypasses role guards and tenant scope
 * @param tenantId the user's tenant (null for the system and platform admins)
 */
public record Actor(String userId, String email, List<String> roles, boolean superuser, String tenantId) {

    public static final Actor SYSTEM = new Actor(null, null, List.of(), true, null);

    public Actor {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** A named system actor (e.g. {@code system:demo}), superuser, no tenant. */
    public static Actor system(String name) {
        return new Actor(null, name, List.of(), true, null);
    }

    public boolean isSystem() {
        return userId == null;
    }

    /** Role test after stripping Dazzle's {@code role_} prefix. */
    public boolean hasRole(String role) {
        for (String r : roles) {
            String bare = r.startsWith("role_") ? r.substring(5) : r;
            if (bare.equals(role)) {
                return true;
            }
        }
        return false;
    }
}
