package com.dazzleops.server.http;

import com.dazzleops.model.errors.ErrorBody;

/** An HTTP error with a FastAPI-shaped body; thrown from handlers, rendered by the server's exception handler. */
public final class HttpError extends RuntimeException {
    private final int status;
    private final transient Object body;

    public HttpError(int status, Object body) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.body = body;
    }

    public static HttpError detail(int status, String detail) {
        return new HttpError(status, ErrorBody.of(detail));
    }

    public int status() {
        return status;
    }

    public Object body() {
        return body;
    }
}
