package dev.squall.engine.auth;

import java.time.Instant;
import java.util.List;

/**
 * A Squall user as an administrator sees it (never its password).
 *
 * @param roles the roles given through the API or CLI; roles from rbac/assignments files are the
 *     authorization service's to add
 * @param groups the groups an administrator declared the user in (rbac/mappings give them roles)
 */
public record User(String name, boolean admin, boolean enabled, boolean hasPassword, Instant created,
    List<String> roles, List<String> groups) {}
