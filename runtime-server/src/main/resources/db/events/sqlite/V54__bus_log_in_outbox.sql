-- SQLite only (issue 5, event throughput): the JDBC bus reads its topic log from the outbox's published rows instead
-- of a copy of every event in _dazzle_events. The relay, when it marks a row published (in the same transaction as
-- before), gives it the next bus sequence number (pub_seq); consumers read a topic by (topic, pub_seq). Copying each
-- event wrote it a second time plus three index entries (two of them at random places: the event id and the key),
-- which was about a third of the SQLite work per event.
--
-- _dazzle_events stays: it holds the events published before this migration (still readable, still consumed), and
-- _dazzle_bus_seq continues its sequence, so positions of existing consumer groups keep their meaning.
ALTER TABLE _dazzle_event_outbox ADD COLUMN pub_seq INTEGER;
CREATE UNIQUE INDEX IF NOT EXISTS idx_outbox_topic_pub_seq ON _dazzle_event_outbox (topic, pub_seq)
    WHERE pub_seq IS NOT NULL;

-- The last bus sequence number handed out (one row). Starts after every sequence number _dazzle_events ever used.
CREATE TABLE IF NOT EXISTS _dazzle_bus_seq (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT INTO _dazzle_bus_seq (id, last)
SELECT 1, max(COALESCE((SELECT max(sequence_num) FROM _dazzle_events), 0),
                COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '_dazzle_events'), 0),
                COALESCE((SELECT max(last_sequence) FROM _dazzle_consumer_offsets), 0))
WHERE NOT EXISTS (SELECT 1 FROM _dazzle_bus_seq);

-- The bus log as the endpoints read it: the old copies, then the published outbox rows, with the columns the copy
-- had (taken from the envelope exactly as the copy was; id, topic, event type and key are the outbox's own columns,
-- which the outbox writes from the same envelope).
CREATE VIEW IF NOT EXISTS _dazzle_bus_log AS
SELECT sequence_num, id, topic, event_type, event_version, key, payload, headers, correlation_id, causation_id,
       timestamp, producer, created_at
FROM _dazzle_events
UNION ALL
SELECT o.pub_seq, o.id, o.topic, o.event_type, COALESCE(o.envelope_json ->> '$.event_version', '1.0'), o.key,
       COALESCE(NULLIF(o.envelope_json -> '$.payload', 'null'), '{}'),
       COALESCE(NULLIF(o.envelope_json -> '$.headers', 'null'), '{}'),
       lower(o.envelope_json ->> '$.correlation_id'), lower(o.envelope_json ->> '$.causation_id'),
       o.envelope_json ->> '$.timestamp', COALESCE(o.envelope_json ->> '$.producer', 'dazzle'), o.published_at
FROM _dazzle_event_outbox o
WHERE o.pub_seq IS NOT NULL;
