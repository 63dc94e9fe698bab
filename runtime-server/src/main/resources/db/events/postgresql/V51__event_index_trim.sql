-- Indexes no query of ours uses, dropped to cut per-event write cost (the relay, consumers and explorer use
-- idx__dazzle_events_topic_seq, the primary keys, idx_outbox_created and idx_outbox_pending_seq).
DROP INDEX IF EXISTS idx__dazzle_events_topic;
DROP INDEX IF EXISTS idx__dazzle_events_timestamp;
DROP INDEX IF EXISTS idx_outbox_status;
DROP INDEX IF EXISTS idx_outbox_topic;
DROP INDEX IF EXISTS idx_inbox_processed;
