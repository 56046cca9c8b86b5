package dev.squall.engine.rbac;

import java.util.List;

/**
 * StackStorm's group-to-role mapping ({@code rbac/mappings/*.yaml}): members of {@code group}
 * hold {@code roles}. The group name is compared exactly (case-sensitive, as StackStorm does).
 *
 * @param source the mapping file's path
 */
public record GroupMapping(String group, List<String> roles, String source, String description) {

  public GroupMapping {
    roles = List.copyOf(roles);
  }
}
