-- See db/events/postgresql/V52: a partial index over exactly the claimable states (pending, failed, publishing), so
-- a relay claim reads the unpublished rows only instead of scanning the whole outbox in rowid order.
CREATE INDEX IF NOT EXISTS idx_outbox_due ON _dazzle_event_outbox (next_attempt_ms)
    WHERE status IN ('pending', 'publishing', 'failed');
DROP INDEX IF EXISTS idx_outbox_pending;
