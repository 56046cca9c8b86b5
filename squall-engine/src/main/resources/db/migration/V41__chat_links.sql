-- Chat identities linked to Squall users (squall user link, or the user's own !link and login on
-- the one-time page); chat.users in squall.yaml stays the administrator's declared links. Link
-- tokens are single use and stored only as SHA-256 digests, like login tokens.
CREATE TABLE chat_links (
  adapter      VARCHAR(100) NOT NULL,
  chat_user_id VARCHAR(400) NOT NULL,
  user_name    VARCHAR(200) NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  linked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (adapter, chat_user_id)
);
CREATE INDEX chat_links_user ON chat_links(user_name);

CREATE TABLE chat_link_tokens (
  token_hash   VARCHAR(64) PRIMARY KEY,
  adapter      VARCHAR(100) NOT NULL,
  chat_user_id VARCHAR(400) NOT NULL,
  expiry       TIMESTAMP WITH TIME ZONE NOT NULL
);
