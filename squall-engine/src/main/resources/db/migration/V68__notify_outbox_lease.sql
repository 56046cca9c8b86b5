-- The lease a node must hold to claim a delivery (chat:<adapter> for a result posted to a chat
-- adapter only one node connects); NULL: any node may deliver it.
ALTER TABLE notify_outbox ADD COLUMN lease VARCHAR(255);
