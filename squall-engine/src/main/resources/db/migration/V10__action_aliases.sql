-- Aliases created or changed through the API (pack files hold the rest). body is the alias as
-- the API shows it, in JSON; a row with the ref of a file alias overrides that file's alias.
CREATE TABLE action_aliases (
  ref        VARCHAR(400) PRIMARY KEY,
  pack       VARCHAR(200) NOT NULL,
  body       TEXT         NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
