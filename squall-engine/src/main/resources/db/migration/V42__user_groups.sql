-- The groups a user is in, declared by an administrator (squall user create --group G): Squall has
-- no LDAP, so rbac/mappings (group -> roles, StackStorm's format) apply to these groups.
CREATE TABLE user_groups (
  user_name  VARCHAR(200) NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  group_name VARCHAR(400) NOT NULL,
  PRIMARY KEY (user_name, group_name)
);
