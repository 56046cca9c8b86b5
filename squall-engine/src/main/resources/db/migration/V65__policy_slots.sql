-- Concurrency policies' slots, shared by every node on the store. A node locks the policy's row
-- in policy_locks (SELECT ... FOR UPDATE) while it counts and takes slots, so two nodes never both
-- take the last one. policy_slots holds who has a slot (held) and who waits, oldest first.
CREATE TABLE policy_locks (
    policy_key VARCHAR(700) NOT NULL PRIMARY KEY
);

CREATE TABLE policy_slots (
    policy_key   VARCHAR(700) NOT NULL,
    execution_id VARCHAR(24)  NOT NULL,
    held         BOOLEAN      NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (policy_key, execution_id)
);

CREATE INDEX ix_policy_slots_execution ON policy_slots (execution_id);
