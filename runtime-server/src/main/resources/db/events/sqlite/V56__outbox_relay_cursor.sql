-- SQLite only (issue 5, event throughput): the relay finds fresh rows (pending, never tried: next_attempt_ms = 0) by
-- walking the table in rowid order from its position (see OutboxRelay, "relay cursor"), so they need no index entry:
-- an append no longer inserts one and a publish no longer deletes it. The index keeps only the rows a claim cannot
-- reach that way: pending or failed rows waiting for a retry, and rows in publishing (whose next_attempt_ms is their
-- lease's end), all with next_attempt_ms > 0; publishing a row sets its next_attempt_ms back to 0.
--
-- The index's condition names no status on purpose: SQLite evaluates a partial index's condition for every row an
-- INSERT writes, and `status IN ('pending', 'publishing', 'failed')` built its list anew for each row of a batch
-- insert (each row is one execution of the statement): about 3 us of the 5-7 us an outbox append costs per row.
--
-- Rows a leased relay (Redis bus, outbox on SQLite) left in publishing before this migration have next_attempt_ms = 0:
-- they get 1 (due now), so the index holds them; published rows get 0, so it holds no published row.
UPDATE _dazzle_event_outbox SET next_attempt_ms = 1 WHERE status = 'publishing' AND next_attempt_ms = 0;
UPDATE _dazzle_event_outbox SET next_attempt_ms = 0 WHERE status = 'published' AND next_attempt_ms <> 0;
DROP INDEX IF EXISTS idx_outbox_due;
CREATE INDEX IF NOT EXISTS idx_outbox_retry ON _dazzle_event_outbox (next_attempt_ms) WHERE next_attempt_ms > 0;
