package dev.squall.engine.rbac;

import java.util.List;

/**
 * A role: a system role ({@code system_admin}, {@code admin}, {@code observer}, whose powers are
 * built in) or one from {@code rbac/roles/*.yaml}.
 */
public record Role(String name, String description, boolean system, boolean enabled, List<Grant> grants) {

  public static final String SYSTEM_ADMIN = "system_admin";
  public static final String ADMIN = "admin";
  public static final String OBSERVER = "observer";

  public static final List<Role> SYSTEM = List.of(
      new Role(SYSTEM_ADMIN, "System Administrator", true, true, List.of()),
      new Role(ADMIN, "Administrator", true, true, List.of()),
      new Role(OBSERVER, "Observer", true, true, List.of()));

  public Role {
    grants = List.copyOf(grants);
  }

  /** A stable id, as st2 clients show one (the role's name is unique). */
  public String id() {
    return name;
  }

  public boolean administrator() {
    return name.equals(SYSTEM_ADMIN) || name.equals(ADMIN);
  }
}
