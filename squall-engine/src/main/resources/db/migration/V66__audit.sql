-- The audit trail: one row per chat command addressed to the bot, per API call that changes
-- something, and per denial. Written asynchronously (group commit); the final status and the
-- approvals of the executions a command started are filled in when the last of them ends.
-- Bodies are never stored: parameters are masked before they get here.
CREATE TABLE audit_records (
    id            VARCHAR(24)   NOT NULL PRIMARY KEY,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    outcome       VARCHAR(16)   NOT NULL,
    username      VARCHAR(255),
    adapter       VARCHAR(100),
    room          VARCHAR(400),
    thread        VARCHAR(400),
    chat_user     VARCHAR(500),
    command       TEXT,
    alias_ref     VARCHAR(255),
    action_ref    VARCHAR(255),
    parameters    TEXT          NOT NULL,
    execution_ids TEXT          NOT NULL,
    status        VARCHAR(16),
    approvals     TEXT          NOT NULL,
    method        VARCHAR(10),
    path          VARCHAR(1000),
    http_status   INTEGER,
    detail        VARCHAR(1000),
    ended_at      TIMESTAMP WITH TIME ZONE
);

-- Listings sort newest first; the filters an administrator uses most have their own index.
CREATE INDEX ix_audit_at ON audit_records (at, id);
CREATE INDEX ix_audit_user ON audit_records (username, at);
CREATE INDEX ix_audit_room ON audit_records (room, at);
