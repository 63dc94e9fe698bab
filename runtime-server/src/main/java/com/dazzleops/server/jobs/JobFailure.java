package com.dazzleops.server.jobs;

/**
 * A handler failure that names its Python-style exception class for the JobRun {@code error_message}
 * ({@code "<kind>: <message>"}), e.g. {@code SMTPServerDisconnected}.
 */
public final class JobFailure extends Exception {
    private final String kind;

    public JobFailure(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
