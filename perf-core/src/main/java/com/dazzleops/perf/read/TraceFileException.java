package com.dazzleops.perf.read;

/** A trace file that cannot be read as one: the message is written for the operator and names the file. */
public final class TraceFileException extends Exception {

    public enum Reason { MISSING, NOT_SQLITE, TRUNCATED, NO_SCHEMA, NO_RUNS, CORRUPT, IO }

    private final Reason reason;

    public TraceFileException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public TraceFileException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
