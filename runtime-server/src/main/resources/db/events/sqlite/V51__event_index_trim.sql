-- See db/events/postgresql/V51: indexes no query of ours uses.
DROP INDEX IF EXISTS idx_outbox_status;
DROP INDEX IF EXISTS idx_outbox_topic;
DROP INDEX IF EXISTS idx_inbox_processed;
