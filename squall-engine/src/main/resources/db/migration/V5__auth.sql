-- Users, login tokens and API keys. Secrets are never stored: passwords as PBKDF2 hashes,
-- tokens and API keys (high-entropy random values) as SHA-256 digests.
CREATE TABLE users (
  name          VARCHAR(200) PRIMARY KEY,
  password_hash VARCHAR(300),
  is_admin      BOOLEAN NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE tokens (
  token_hash VARCHAR(64) PRIMARY KEY,
  user_name  VARCHAR(200) NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expiry     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX tokens_expiry ON tokens(expiry);

CREATE TABLE api_keys (
  id         VARCHAR(24) PRIMARY KEY,
  key_hash   VARCHAR(64) NOT NULL UNIQUE,
  user_name  VARCHAR(200) NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  enabled    BOOLEAN NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  metadata   VARCHAR(4000)
);
