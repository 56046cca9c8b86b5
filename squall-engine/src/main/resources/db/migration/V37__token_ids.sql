-- A token's id is its own random value, no longer the first 24 hex characters of the token itself
-- (which handed a third of the secret to whoever saw an id). Tokens issued before get the start
-- of their digest, which reveals nothing of the token and keeps them working.
ALTER TABLE tokens ADD COLUMN id VARCHAR(24);
UPDATE tokens SET id = SUBSTRING(token_hash FROM 1 FOR 24);
ALTER TABLE tokens ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX tokens_id ON tokens(id);
