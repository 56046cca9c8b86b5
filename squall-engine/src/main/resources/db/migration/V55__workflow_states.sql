-- A workflow execution's conductor state (orquesta's serialized WorkflowState plus the runner's
-- dispatched children), rewritten each time the workflow records a task result, so that a
-- restarted server continues the workflow from where it was instead of abandoning it. The state
-- holds the workflow's input: sealed (encrypted with the datastore's key) when the execution has
-- secret parameters.
CREATE TABLE workflow_states (
    execution_id VARCHAR(24) NOT NULL PRIMARY KEY,
    state        TEXT        NOT NULL,
    sealed       BOOLEAN     NOT NULL
);
