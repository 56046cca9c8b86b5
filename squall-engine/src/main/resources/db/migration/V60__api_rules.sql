-- Rules created or changed through the API (pack files hold the rest). body is the rule as the
-- API received it, in JSON; a row with the ref of a file rule overrides that file's rule.
CREATE TABLE api_rules (
  ref        VARCHAR(400) PRIMARY KEY,
  pack       VARCHAR(200) NOT NULL,
  body       TEXT         NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
