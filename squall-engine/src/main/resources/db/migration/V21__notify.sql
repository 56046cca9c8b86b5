-- The notifier's durable outbox. notify_processed marks executions whose notifications were
-- written (with the outbox rows, in one transaction), so a re-scan never duplicates them and a
-- crash between completion and outbox write is caught up on the next start.
CREATE TABLE notify_processed (
  execution_id VARCHAR(24) NOT NULL PRIMARY KEY,
  processed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Executions finished before the notifier existed are not notified after an upgrade.
INSERT INTO notify_processed (execution_id, processed_at)
  SELECT id, CURRENT_TIMESTAMP FROM executions
  WHERE status IN ('succeeded', 'failed', 'timeout', 'canceled', 'abandoned');

-- One row per (execution, notify section, route). status: pending | delivered | failed.
-- next_attempt_at doubles as a lease: a node claims a row by moving it into the future.
CREATE TABLE notify_outbox (
  id              VARCHAR(36)  NOT NULL PRIMARY KEY,
  execution_id    VARCHAR(24)  NOT NULL,
  section         VARCHAR(16)  NOT NULL,
  route           VARCHAR(255) NOT NULL,
  status          VARCHAR(16)  NOT NULL,
  attempts        INT          NOT NULL,
  last_error      TEXT,
  notification    TEXT         NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  delivered_at    TIMESTAMP WITH TIME ZONE,
  CONSTRAINT uq_notify_outbox UNIQUE (execution_id, section, route)
);
CREATE INDEX ix_notify_outbox_due ON notify_outbox (status, next_attempt_at);
