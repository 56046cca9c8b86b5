-- One row the store rewrites to prove it can write again after an outage (a full disk): it is
-- put back in service only when this update commits.
CREATE TABLE store_probe (
  id INT PRIMARY KEY,
  probed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO store_probe (id, probed_at) VALUES (1, CURRENT_TIMESTAMP);
