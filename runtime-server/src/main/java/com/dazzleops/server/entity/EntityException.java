package com.dazzleops.server.entity;

/** A refused entity operation, with the HTTP status and body the REST layer answers with. */
public final class EntityException extends RuntimeException {
    private final int status;
    private final transient Object body;

    public EntityException(int status, Object body, String message) {
        super(message, null, false, false);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Object body() {
        return body;
    }
}
