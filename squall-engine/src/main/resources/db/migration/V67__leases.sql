-- Leases: what one node of several sharing the store does alone (a chat adapter's connection,
-- the timers, the sensors). A node takes a lease whose expires_at has passed by moving epoch on
-- (compare-and-set), renews it on its heartbeat, and stops the work it guards before expires_at
-- by its own clock, so no two nodes ever do it at once. Released: expires_at in the past.
CREATE TABLE leases (
  name       VARCHAR(255) NOT NULL PRIMARY KEY,
  holder     VARCHAR(128) NOT NULL,
  epoch      BIGINT       NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
