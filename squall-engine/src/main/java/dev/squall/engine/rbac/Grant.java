package dev.squall.engine.rbac;

import java.util.List;

/** A permission grant of a role: {@code types} on one resource, or global when {@code resourceUid} is null. */
public record Grant(String resourceUid, List<PermissionType> types) {

  public Grant {
    types = List.copyOf(types);
  }
}
