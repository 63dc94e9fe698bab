package com.dazzleops.console.core.checks;

/** The six checks of the healthy invoice_ops dashboard, in dashboard order. */
public enum CheckId {
    EVENT_BUS_RUNNING("Event bus running"),
    OUTBOX_CLEAN("Outbox clean"),
    CONSUMER_CURRENT("Consumer current"),
    NO_DLQ_EVENTS("No DLQ events"),
    DB_REACHABLE("DB reachable"),
    NO_STUCK_SETTLEMENTS("No stuck settlements");

    private final String title;

    CheckId(String title) {
        this.title = title;
    }

    /** The tile title. */
    public String title() {
        return title;
    }
}
