-- The relay's claim asks for rows that are pending, failed (backoff elapsed) or publishing (lease expired), oldest
-- first. idx_outbox_pending_seq left 'failed' out, so the planner could not use it and every claim read the whole
-- outbox, published rows included (cost growing with the table). This partial index covers exactly the claimable
-- states; the claim repeats its predicate, so the planner walks it in seq order and stops at the batch size.
CREATE INDEX IF NOT EXISTS idx_outbox_due_seq ON _dazzle_event_outbox (seq)
    WHERE status IN ('pending', 'publishing', 'failed');
DROP INDEX IF EXISTS idx_outbox_pending_seq;
