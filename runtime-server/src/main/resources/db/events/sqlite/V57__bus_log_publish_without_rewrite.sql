-- SQLite only (issue 5, event throughput): publishing an outbox row on the SQLite bus no longer rewrites it. Until
-- V56 the relay marked each fresh row published in place (status, published_at, pub_seq): SQLite rewrote the whole
-- row, envelope included, and as the row grew it often moved within or out of its page, plus an index entry for
-- (topic, pub_seq). Measured on outbox-shaped rows, that was 5-7 us per event under the single writer, more than the
-- append itself. Now a published row gets a small row of its own in _dazzle_bus_pub (its bus sequence number and
-- when it was published), appended in rowid order: about 1.5 us.
--
-- What "published" means on SQLite from here on: an outbox row is published when _dazzle_bus_pub has its rowid. Rows
-- the relay publishes after a failed attempt or a lease (rare) are also marked published in place, as before; fresh
-- rows stay 'pending' in the table itself. Every reader goes through the view _dazzle_outbox_state (the outbox's
-- columns with the status and published_at that count) or _dazzle_bus_log (the bus log, as before).
--
-- Rowids are stable references here: the outbox has an index (its primary key), so VACUUM keeps its rowids, and a
-- rowid is only handed out again after the highest rows are deleted, which deletes their _dazzle_bus_pub rows too
-- (the trigger below), so a new row can never inherit an old row's publication.
CREATE TABLE IF NOT EXISTS _dazzle_bus_pub (
    outbox_rowid INTEGER PRIMARY KEY,
    topic        TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    published_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_bus_pub_topic_seq ON _dazzle_bus_pub (topic, seq);

INSERT INTO _dazzle_bus_pub (outbox_rowid, topic, seq, published_at)
SELECT rowid, topic, pub_seq, COALESCE(published_at, created_at) FROM _dazzle_event_outbox WHERE pub_seq IS NOT NULL;

CREATE TRIGGER IF NOT EXISTS _dazzle_bus_pub_follows_outbox AFTER DELETE ON _dazzle_event_outbox
BEGIN
    DELETE FROM _dazzle_bus_pub WHERE outbox_rowid = old.rowid;
END;

DROP VIEW IF EXISTS _dazzle_bus_log;
DROP INDEX IF EXISTS idx_outbox_topic_pub_seq;
ALTER TABLE _dazzle_event_outbox DROP COLUMN pub_seq;

-- The outbox as every reader sees it: a row with a _dazzle_bus_pub row is published (then, and with its bus sequence
-- number), whatever its own status column says.
CREATE VIEW IF NOT EXISTS _dazzle_outbox_state AS
SELECT o.rowid AS outbox_rowid, o.id, o.topic, o.event_type, o.key, o.envelope_json,
       CASE WHEN p.outbox_rowid IS NULL THEN o.status ELSE 'published' END AS status,
       o.created_at, COALESCE(o.published_at, p.published_at) AS published_at, o.attempts, o.last_error,
       o.lock_token, o.lock_expires_at, o.next_attempt_ms, o.bus_ready, p.seq AS bus_seq
FROM _dazzle_event_outbox o LEFT JOIN _dazzle_bus_pub p ON p.outbox_rowid = o.rowid;

-- The bus log as the endpoints read it (as V54 defined it): the old copies, then the published outbox rows.
CREATE VIEW IF NOT EXISTS _dazzle_bus_log AS
SELECT sequence_num, id, topic, event_type, event_version, key, payload, headers, correlation_id, causation_id,
       timestamp, producer, created_at
FROM _dazzle_events
UNION ALL
SELECT p.seq, o.id, o.topic, o.event_type, COALESCE(o.envelope_json ->> '$.event_version', '1.0'), o.key,
       COALESCE(NULLIF(o.envelope_json -> '$.payload', 'null'), '{}'),
       COALESCE(NULLIF(o.envelope_json -> '$.headers', 'null'), '{}'),
       lower(o.envelope_json ->> '$.correlation_id'), lower(o.envelope_json ->> '$.causation_id'),
       o.envelope_json ->> '$.timestamp', COALESCE(o.envelope_json ->> '$.producer', 'dazzle'), p.published_at
FROM _dazzle_bus_pub p JOIN _dazzle_event_outbox o ON o.rowid = p.outbox_rowid;
