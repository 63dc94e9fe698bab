-- Per-event write cost (issue 5 benchmark). Each index below costs an index insert for every event on its way through
-- the pipeline, and none serves a query on the relay or consumer path:
--  * idx_outbox_created: only the explorer's "10 most recent outbox rows" sorts by created_at. That endpoint already
--    reads the whole outbox for its counts by status (GROUP BY status), so a top-10 sort over the same rows does not
--    change its cost class; the index, though, was written twice per event (append, and again by the non-HOT update
--    to published).
--  * idx__dazzle_events_type: event_type has six values; a topic page filtered by type walks
--    idx__dazzle_events_topic_seq in sequence order anyway (it must return rows in that order), and a count with a
--    type filter reads the topic's index range.
--  * idx_inbox_consumer: no query filters the inbox by consumer_name alone; every lookup is by the primary key
--    (event_id, consumer_name).
DROP INDEX IF EXISTS idx_outbox_created;
DROP INDEX IF EXISTS idx__dazzle_events_type;
DROP INDEX IF EXISTS idx_inbox_consumer;
