-- Output stored compactly: several consecutive lines of one execution per row, deflated
-- (OutputChunk), instead of one row per line. The line counts through the end of the chunk (all
-- lines, stdout's, stderr's) let a read by offset (GET /executions/{id}/output?offset=N, per
-- stream or not) skip whole chunks without decoding them. V35 moves execution_output's rows here.
CREATE TABLE execution_output_chunks (
    execution_id VARCHAR(24) NOT NULL,
    first_seq    BIGINT      NOT NULL,
    lines_end    BIGINT      NOT NULL,
    stdout_end   BIGINT      NOT NULL,
    stderr_end   BIGINT      NOT NULL,
    body         BYTEA       NOT NULL,
    PRIMARY KEY (execution_id, first_seq)
);

-- Retention finds finished executions by end time.
CREATE INDEX ix_executions_end ON executions (end_ts);
