-- Trigger instances (one occurrence of a trigger: webhook call, timer tick, finished execution,
-- notification) and rule enforcements (one rule firing for one instance). JSON as text.
CREATE TABLE trigger_instances (
  id                 VARCHAR(24)  NOT NULL PRIMARY KEY,
  trigger_ref        VARCHAR(255) NOT NULL,
  trigger_type       VARCHAR(255) NOT NULL,
  trigger_parameters TEXT         NOT NULL,
  payload            TEXT         NOT NULL,
  occurrence_time    TIMESTAMP WITH TIME ZONE NOT NULL,
  status             VARCHAR(32)  NOT NULL
);
CREATE INDEX ix_trigger_instances_time ON trigger_instances (occurrence_time, id);
CREATE INDEX ix_trigger_instances_status ON trigger_instances (status);

CREATE TABLE rule_enforcements (
  id                  VARCHAR(24)  NOT NULL PRIMARY KEY,
  rule_ref            VARCHAR(255) NOT NULL,
  trigger_instance_id VARCHAR(24)  NOT NULL,
  execution_id        VARCHAR(24),
  failure_reason      TEXT,
  enforced_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_rule_enforcements_time ON rule_enforcements (enforced_at, id);
CREATE INDEX ix_rule_enforcements_instance ON rule_enforcements (trigger_instance_id);
CREATE INDEX ix_rule_enforcements_rule ON rule_enforcements (rule_ref, enforced_at);
