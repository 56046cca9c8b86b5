-- The node holding a delivery's lease (NULL: none, or a row from before this migration). A node
-- renews its leases while delivering, and the others take a delivery over at once when its holder
-- is gone (no row in nodes, or a stale heartbeat) rather than when the lease runs out.
ALTER TABLE notify_outbox ADD COLUMN claimed_by VARCHAR(128);
