-- Announcements (chatops.post_message, post_result) made on one node, read by the others when a
-- PostgreSQL notification names their id: the notification carries the id, the row the rest.
-- Rows are deleted after a few minutes: they only carry a live event to the other nodes.
CREATE TABLE cluster_announcements (
  id         VARCHAR(36) NOT NULL PRIMARY KEY,
  node_id    VARCHAR(128) NOT NULL,
  body       TEXT        NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
