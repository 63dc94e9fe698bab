package com.dazzleops.server.audit;

import io.javalin.http.Context;

/** Where a write came from, for the audit log: client address, path and method (all null for system writes). */
public record RequestInfo(String ipAddress, String path, String method) {

    public static final RequestInfo NONE = new RequestInfo(null, null, null);

    public static RequestInfo of(Context ctx) {
        return new RequestInfo(ctx.ip(), ctx.path(), ctx.method().name());
    }
}
