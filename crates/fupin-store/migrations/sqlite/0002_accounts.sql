-- Accounts issue (SQLite). Keep in step with ../postgres/0002_accounts.sql.

-- Sign-in state: failed attempts in the current 15-minute window, lockout, the second factor
-- (the TOTP secret is stored encrypted with the personal-data cipher), a forced password change.
ALTER TABLE users ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN first_failed_at TEXT;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- Earlier password hashes, so the 等保 profile can refuse reuse.
CREATE TABLE password_history (
    user_id       INTEGER NOT NULL REFERENCES users(id),
    password_hash TEXT NOT NULL,
    changed_at    TEXT NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, changed_at);

-- Sign-in sessions. Only a SHA-256 of the cookie's token is stored, so a copy of the database
-- does not let anyone take over a session. `stage` says what the session still lacks:
-- 'totp' (second factor), 'enrol' (second factor not yet set up), 'password' (must change), 'full'.
CREATE TABLE sessions (
    token_hash   BLOB PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    stage        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    source_addr  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- The auditor searches by time, actor and action.
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_name);
CREATE INDEX audit_log_action ON audit_log(action);
