package com.dazzleops.server.http;

import com.dazzleops.model.json.Wire;
import io.javalin.http.Context;

/** Response helpers: every JSON body goes through {@link Wire#mapper()} with Dazzle's exact content type. */
public final class Http {

    /** Dazzle's JSON content type: no charset parameter. */
    public static final String JSON = "application/json";

    private Http() {
    }

    public static void json(Context ctx, Object body) {
        json(ctx, 200, body);
    }

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.result(Wire.writeBytes(body));
    }

    /** Pre-serialised JSON text. */
    public static void rawJson(Context ctx, int status, String text) {
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.result(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
