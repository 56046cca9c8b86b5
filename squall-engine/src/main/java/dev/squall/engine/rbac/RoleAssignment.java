package dev.squall.engine.rbac;

/**
 * A user holds a role. {@code source} is where it comes from: the assignment file's path, the
 * mapping file's for a role held through a group ({@code remote}, as StackStorm calls roles from
 * its group mappings), or {@code api} for roles given with {@code squall user create --role} or
 * the users API.
 */
public record RoleAssignment(String user, String role, String source, String description, boolean remote) {

  /** A role assigned directly (a file or the API), not through a group. */
  public RoleAssignment(String user, String role, String source, String description) {
    this(user, role, source, description, false);
  }

  public static final String API = "api";

  /** A stable id for {@code /rbac/role_assignments/{id}}. */
  public String id() {
    String bytes = user + "\n" + role + "\n" + source;
    return java.util.UUID.nameUUIDFromBytes(bytes.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString().replace("-", "").substring(0, 24);
  }
}
