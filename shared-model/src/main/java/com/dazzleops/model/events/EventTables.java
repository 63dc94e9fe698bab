package com.dazzleops.model.events;

/**
 * Names of the PostgreSQL objects of Dazzle's event subsystem (wire-events §7.2, §10.1, §11.1), for a server that
 * wants its tables interchangeable with Dazzle's (and a console that inspects a database).
 */
public final class EventTables {

    /** The bus tables' prefix (configurable in code only in Dazzle). */
    public static final String PREFIX = "_dazzle_";
    /** Events of every topic; {@code sequence_num} is one BIGSERIAL shared by all topics. */
    public static final String EVENTS = "_dazzle_events";
    /** One row per (topic, group_id): {@code last_sequence}, {@code last_processed_at}. */
    public static final String CONSUMER_OFFSETS = "_dazzle_consumer_offsets";
    /** Dead letters, unique per (event_id, group_id). */
    public static final String DLQ = "_dazzle_dlq";
    /** The transactional outbox (all timestamps TEXT). */
    public static final String OUTBOX = "_dazzle_event_outbox";
    /** The idempotent consumers' inbox, keyed by (event_id, consumer_name = group id). */
    public static final String INBOX = "_dazzle_event_inbox";
    /** {@code NOTIFY} channel after each publish (no payload). */
    public static final String EVENTS_CHANNEL = "_dazzle_events_channel";
    /** The events table's primary key constraint (named in duplicate-publish errors, §10.5). */
    public static final String EVENTS_PKEY = "_dazzle_events_pkey";

    /** PostgreSQL consumer loop batch size. */
    public static final int CONSUMER_BATCH = 10;
    /** Outbox relay batch size. */
    public static final int OUTBOX_BATCH = 100;

    private EventTables() {
    }
}
