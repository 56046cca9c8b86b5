-- Executions and their output. Portable SQL: the same file runs on H2 and PostgreSQL.
-- JSON documents are stored as text (Jackson reads and writes them); "user" is reserved in both
-- dialects, hence username. Later migrations follow as V2__rules.sql, V3__keys.sql, ...

CREATE TABLE executions (
    id          VARCHAR(24)  NOT NULL PRIMARY KEY,
    action_ref  VARCHAR(255) NOT NULL,
    runner_type VARCHAR(64)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    username    VARCHAR(255),
    parent_id   VARCHAR(24),
    parameters  TEXT         NOT NULL,
    context     TEXT         NOT NULL,
    result      TEXT         NOT NULL,
    log         TEXT         NOT NULL,
    start_ts    TIMESTAMP WITH TIME ZONE NOT NULL,
    end_ts      TIMESTAMP WITH TIME ZONE
);

-- List filters sort newest first; each filter has an index that also serves the sort.
CREATE INDEX ix_executions_start ON executions (start_ts, id);
CREATE INDEX ix_executions_action ON executions (action_ref, start_ts);
CREATE INDEX ix_executions_user ON executions (username, start_ts);
CREATE INDEX ix_executions_parent ON executions (parent_id);
-- Crash recovery and the status filter.
CREATE INDEX ix_executions_status ON executions (status, start_ts);

CREATE TABLE execution_output (
    execution_id VARCHAR(24) NOT NULL,
    seq          BIGINT      NOT NULL,
    stream       VARCHAR(16) NOT NULL,
    line         TEXT        NOT NULL,
    ts           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (execution_id, seq)
);
