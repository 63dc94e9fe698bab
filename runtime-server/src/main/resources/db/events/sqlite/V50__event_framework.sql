-- Event subsystem (issue 5), SQLite flavour of db/events/postgresql/V50 (same tables and columns).
CREATE TABLE IF NOT EXISTS _dazzle_event_outbox (
    id              TEXT PRIMARY KEY,
    topic           TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    key             TEXT NOT NULL,
    envelope_json   TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    created_at      TEXT NOT NULL,
    published_at    TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    lock_token      TEXT,
    lock_expires_at TEXT,
    next_attempt_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS idx_outbox_status ON _dazzle_event_outbox (status);
CREATE INDEX IF NOT EXISTS idx_outbox_created ON _dazzle_event_outbox (created_at);
CREATE INDEX IF NOT EXISTS idx_outbox_topic ON _dazzle_event_outbox (topic);
CREATE INDEX IF NOT EXISTS idx_outbox_pending ON _dazzle_event_outbox (status, next_attempt_ms) WHERE status IN ('pending', 'publishing');

CREATE TABLE IF NOT EXISTS _dazzle_event_inbox (
    event_id      TEXT NOT NULL,
    consumer_name TEXT NOT NULL,
    processed_at  TEXT NOT NULL,
    result        TEXT NOT NULL DEFAULT 'success',
    result_data   TEXT,
    PRIMARY KEY (event_id, consumer_name)
);
CREATE INDEX IF NOT EXISTS idx_inbox_consumer ON _dazzle_event_inbox (consumer_name);
CREATE INDEX IF NOT EXISTS idx_inbox_processed ON _dazzle_event_inbox (processed_at);

CREATE TABLE IF NOT EXISTS _dazzle_events (
    sequence_num   INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    topic          TEXT NOT NULL,
    event_type     TEXT NOT NULL,
    event_version  TEXT NOT NULL DEFAULT '1.0',
    key            TEXT NOT NULL,
    payload        TEXT NOT NULL,
    headers        TEXT DEFAULT '{}',
    correlation_id TEXT,
    causation_id   TEXT,
    timestamp      TEXT NOT NULL,
    producer       TEXT NOT NULL DEFAULT 'dazzle',
    created_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx__dazzle_events_topic_seq ON _dazzle_events (topic, sequence_num);
CREATE INDEX IF NOT EXISTS idx__dazzle_events_key ON _dazzle_events (key);
CREATE INDEX IF NOT EXISTS idx__dazzle_events_type ON _dazzle_events (event_type);

CREATE TABLE IF NOT EXISTS _dazzle_consumer_offsets (
    topic             TEXT NOT NULL,
    group_id          TEXT NOT NULL,
    last_sequence     INTEGER NOT NULL DEFAULT 0,
    last_processed_at TEXT,
    PRIMARY KEY (topic, group_id)
);

CREATE TABLE IF NOT EXISTS _dazzle_dlq (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT NOT NULL,
    topic           TEXT NOT NULL,
    group_id        TEXT NOT NULL,
    envelope        TEXT NOT NULL,
    reason_code     TEXT NOT NULL,
    reason_message  TEXT NOT NULL,
    reason_metadata TEXT,
    attempts        INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    UNIQUE (event_id, group_id)
);
CREATE INDEX IF NOT EXISTS idx__dazzle_dlq_topic ON _dazzle_dlq (topic);
CREATE INDEX IF NOT EXISTS idx__dazzle_dlq_group ON _dazzle_dlq (group_id);

CREATE TABLE IF NOT EXISTS _dazzle_event_retry (
    event_id        TEXT NOT NULL,
    group_id        TEXT NOT NULL,
    topic           TEXT NOT NULL,
    envelope_json   TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    replay          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, group_id)
);
CREATE INDEX IF NOT EXISTS idx_event_retry_due ON _dazzle_event_retry (group_id, next_attempt_ms);

CREATE TABLE IF NOT EXISTS invoice_status_view (
    invoice_id      TEXT PRIMARY KEY,
    tenant_id       TEXT,
    status          TEXT NOT NULL,
    last_event_id   TEXT NOT NULL,
    last_event_type TEXT NOT NULL,
    event_time      TEXT NOT NULL,
    applied_count   INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL
);
