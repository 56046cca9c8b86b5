-- The key-value datastore. scope is 'system' or 'user'; owner is the user for user-scoped keys
-- and '' for system keys (an empty string rather than NULL so the primary key works everywhere).
-- Secret values are stored AES-GCM encrypted (base64), never in clear.
CREATE TABLE kv_pairs (
  scope       VARCHAR(16)   NOT NULL,
  owner       VARCHAR(200)  NOT NULL,
  name        VARCHAR(500)  NOT NULL,
  kv_value    TEXT          NOT NULL,
  secret      BOOLEAN       NOT NULL,
  description VARCHAR(2000),
  expires_at  TIMESTAMP WITH TIME ZONE,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (scope, owner, name)
);
CREATE INDEX kv_pairs_expiry ON kv_pairs(expires_at);
