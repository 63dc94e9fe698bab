-- See db/events/postgresql/V53: indexes written for every event that no relay/consumer query uses.
DROP INDEX IF EXISTS idx_outbox_created;
DROP INDEX IF EXISTS idx__dazzle_events_type;
DROP INDEX IF EXISTS idx_inbox_consumer;
-- The inbox is only ever read and written by its primary key (event_id, consumer_name): as a WITHOUT ROWID table it
-- is one b-tree (one insert per event) instead of a rowid table plus its primary-key index (two).
CREATE TABLE _dazzle_event_inbox_v53 (
    event_id      TEXT NOT NULL,
    consumer_name TEXT NOT NULL,
    processed_at  TEXT NOT NULL,
    result        TEXT NOT NULL DEFAULT 'success',
    result_data   TEXT,
    PRIMARY KEY (event_id, consumer_name)
) WITHOUT ROWID;
INSERT INTO _dazzle_event_inbox_v53 (event_id, consumer_name, processed_at, result, result_data)
    SELECT event_id, consumer_name, processed_at, result, result_data FROM _dazzle_event_inbox;
DROP TABLE _dazzle_event_inbox;
ALTER TABLE _dazzle_event_inbox_v53 RENAME TO _dazzle_event_inbox;
