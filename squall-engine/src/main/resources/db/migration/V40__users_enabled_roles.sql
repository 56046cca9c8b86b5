-- Users can be disabled (their tokens and API keys stop working, their history stays) and hold
-- roles given through the API or the CLI (squall user create --role R); roles from the
-- rbac/assignments files are not stored: they are read at start and on squall rbac apply.
ALTER TABLE users ADD COLUMN enabled BOOLEAN DEFAULT TRUE NOT NULL;

CREATE TABLE user_roles (
  user_name VARCHAR(200) NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  role      VARCHAR(200) NOT NULL,
  PRIMARY KEY (user_name, role)
);
