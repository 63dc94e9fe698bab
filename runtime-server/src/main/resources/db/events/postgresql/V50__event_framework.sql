-- Event subsystem (issue 5): transactional outbox, inbox, JDBC bus tables, retries and the InvoiceStatusView read model.
-- Names and columns follow the contract (wire-events §7.2, §10.1, §11.1); extra columns are marked "ours".
CREATE TABLE IF NOT EXISTS _dazzle_event_outbox (
    id              TEXT PRIMARY KEY,
    topic           TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    key             TEXT NOT NULL,
    envelope_json   TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    created_at      TEXT NOT NULL DEFAULT (now()::text),
    published_at    TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    lock_token      TEXT,
    lock_expires_at TEXT,
    seq             BIGSERIAL NOT NULL,          -- ours: append order for the relay
    next_attempt_ms BIGINT NOT NULL DEFAULT 0    -- ours: backoff (epoch ms) before the next publish attempt
);
CREATE INDEX IF NOT EXISTS idx_outbox_status ON _dazzle_event_outbox (status);
CREATE INDEX IF NOT EXISTS idx_outbox_created ON _dazzle_event_outbox (created_at);
CREATE INDEX IF NOT EXISTS idx_outbox_topic ON _dazzle_event_outbox (topic);
CREATE INDEX IF NOT EXISTS idx_outbox_pending_seq ON _dazzle_event_outbox (seq) WHERE status IN ('pending', 'publishing');

CREATE TABLE IF NOT EXISTS _dazzle_event_inbox (
    event_id      TEXT NOT NULL,
    consumer_name TEXT NOT NULL,
    processed_at  TEXT NOT NULL DEFAULT (now()::text),
    result        TEXT NOT NULL DEFAULT 'success',
    result_data   TEXT,
    PRIMARY KEY (event_id, consumer_name)
);
CREATE INDEX IF NOT EXISTS idx_inbox_consumer ON _dazzle_event_inbox (consumer_name);
CREATE INDEX IF NOT EXISTS idx_inbox_processed ON _dazzle_event_inbox (processed_at);

CREATE TABLE IF NOT EXISTS _dazzle_events (
    id             UUID PRIMARY KEY,
    topic          VARCHAR(255) NOT NULL,
    event_type     VARCHAR(255) NOT NULL,
    event_version  VARCHAR(50) NOT NULL DEFAULT '1.0',
    key            VARCHAR(255) NOT NULL,
    payload        JSONB NOT NULL,
    headers        JSONB DEFAULT '{}',
    correlation_id UUID,
    causation_id   UUID,
    timestamp      TIMESTAMPTZ NOT NULL,
    producer       VARCHAR(255) NOT NULL DEFAULT 'dazzle',
    sequence_num   BIGSERIAL NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx__dazzle_events_topic ON _dazzle_events (topic);
CREATE INDEX IF NOT EXISTS idx__dazzle_events_topic_seq ON _dazzle_events (topic, sequence_num);
CREATE INDEX IF NOT EXISTS idx__dazzle_events_key ON _dazzle_events (key);
CREATE INDEX IF NOT EXISTS idx__dazzle_events_timestamp ON _dazzle_events (timestamp);
CREATE INDEX IF NOT EXISTS idx__dazzle_events_type ON _dazzle_events (event_type);

CREATE TABLE IF NOT EXISTS _dazzle_consumer_offsets (
    topic             VARCHAR(255) NOT NULL,
    group_id          VARCHAR(255) NOT NULL,
    last_sequence     BIGINT NOT NULL DEFAULT 0,
    last_processed_at TIMESTAMPTZ,
    PRIMARY KEY (topic, group_id)
);

CREATE TABLE IF NOT EXISTS _dazzle_dlq (
    id              BIGSERIAL PRIMARY KEY,
    event_id        UUID NOT NULL,
    topic           VARCHAR(255) NOT NULL,
    group_id        VARCHAR(255) NOT NULL,
    envelope        JSONB NOT NULL,
    reason_code     VARCHAR(100) NOT NULL,
    reason_message  TEXT NOT NULL,
    reason_metadata JSONB,
    attempts        INT NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE (event_id, group_id)
);
CREATE INDEX IF NOT EXISTS idx__dazzle_dlq_topic ON _dazzle_dlq (topic);
CREATE INDEX IF NOT EXISTS idx__dazzle_dlq_group ON _dazzle_dlq (group_id);

-- ours: per-(event, group) retry budget bookkeeping and replay re-queue.
CREATE TABLE IF NOT EXISTS _dazzle_event_retry (
    event_id        TEXT NOT NULL,
    group_id        TEXT NOT NULL,
    topic           TEXT NOT NULL,
    envelope_json   TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    replay          BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (event_id, group_id)
);
CREATE INDEX IF NOT EXISTS idx_event_retry_due ON _dazzle_event_retry (group_id, next_attempt_ms);

-- ours: the InvoiceStatusView projection (consumer group projection-InvoiceStatusView).
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
