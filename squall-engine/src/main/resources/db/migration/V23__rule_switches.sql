-- Rules switched on or off through the API or CLI, over what their file says. Kept in the store
-- so the choice survives restarts and pack reloads.
CREATE TABLE rule_switches (
  rule_ref   VARCHAR(400) PRIMARY KEY,
  enabled    BOOLEAN NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
