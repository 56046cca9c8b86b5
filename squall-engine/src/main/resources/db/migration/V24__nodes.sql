-- Nodes sharing one store (several Squall processes on PostgreSQL; on H2 there is only ever one).
-- Each process registers a row at start under an id unique to that start, refreshes heartbeat_at
-- while it lives and deletes the row when it stops. A node whose row is missing or whose
-- heartbeat is older than cluster.node_timeout is gone: the others recover what it held.
CREATE TABLE nodes (
    id           VARCHAR(128) NOT NULL PRIMARY KEY,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The node that holds an execution: the one that submitted it, or the one that claimed it after
-- its holder was gone. NULL (rows from before this migration) means no known holder: gone.
ALTER TABLE executions ADD COLUMN node_id VARCHAR(128);
