-- Framework tables of the runtime (not part of the AppSpec). Timestamps are TEXT in one fixed-width UTC form.
CREATE TABLE _dazzle_audit_log (
    id TEXT PRIMARY KEY,
    timestamp TEXT NOT NULL,
    user_id TEXT,
    user_email TEXT,
    user_roles TEXT,
    operation TEXT NOT NULL,
    entity_name TEXT NOT NULL,
    entity_id TEXT,
    decision TEXT NOT NULL,
    matched_policy TEXT,
    policy_effect TEXT,
    ip_address TEXT,
    request_path TEXT,
    request_method TEXT,
    tenant_id TEXT,
    evaluation_time_us INTEGER,
    field_changes TEXT,
    row_hash TEXT
);
CREATE INDEX idx_audit_entity ON _dazzle_audit_log (entity_name, timestamp);
CREATE INDEX idx_audit_user ON _dazzle_audit_log (user_id, timestamp);
CREATE INDEX idx_audit_timestamp ON _dazzle_audit_log (timestamp);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '[]',
    is_superuser INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1,
    tenant_id TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX idx_sessions_user ON sessions (user_id);

CREATE TABLE _dazzle_entity_counts (
    entity TEXT PRIMARY KEY,
    row_count INTEGER NOT NULL
);

CREATE TABLE _dazzle_job_queue (
    job_run_id TEXT PRIMARY KEY,
    job_name TEXT NOT NULL,
    payload TEXT,
    attempt INTEGER NOT NULL,
    available_at TEXT NOT NULL,
    locked_by TEXT,
    locked_until TEXT
);
CREATE INDEX idx_job_queue_due ON _dazzle_job_queue (available_at);

CREATE TABLE _dazzle_job_schedule (
    job_name TEXT PRIMARY KEY,
    last_minute TEXT NOT NULL
);

CREATE TABLE _dazzle_approval_votes (
    id TEXT PRIMARY KEY,
    approval_name TEXT NOT NULL,
    entity_name TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (approval_name, entity_name, entity_id, user_id)
);

CREATE TABLE _dazzle_tenant_config (
    tenant_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

CREATE TABLE _dazzle_notifications (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT,
    job_run_id TEXT,
    created_at TEXT NOT NULL
);
