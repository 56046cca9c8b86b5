package dev.squall.engine.rbac;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.yaml.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The definitions in {@code $SQUALL_HOME/rbac}, read as st2-apply-rbac-definitions reads them:
 * {@code roles/*.yaml} one role each, {@code assignments/*.yaml} one user each,
 * {@code mappings/*.yaml} one group each (its members hold its roles), in file-name order; {@code enabled: false} entries are skipped; a duplicate, an empty file, an unknown
 * permission type, a type foreign to its resource or a non-global type without a resource is an
 * error naming the file, and nothing is applied.
 */
public record RbacDefinitions(List<Role> roles, List<RoleAssignment> assignments, List<GroupMapping> mappings) {

  public static final RbacDefinitions NONE = new RbacDefinitions(List.of(), List.of(), List.of());

  public RbacDefinitions {
    roles = List.copyOf(roles);
    assignments = List.copyOf(assignments);
    mappings = List.copyOf(mappings);
  }

  public static RbacDefinitions load(Path rbacDir) {
    List<Role> roles = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Role.SYSTEM.forEach(r -> names.add(r.name()));
    for (Path f : yamlFiles(rbacDir.resolve("roles"))) {
      Map<String, Object> m = read(f);
      Role r = role(f, m);
      if (!names.add(r.name())) {
        throw new BadRequestException("Duplicate definition file found for role \"" + r.name() + "\": " + f);
      }
      if (r.enabled()) {
        roles.add(r);
      }
    }
    List<RoleAssignment> assignments = new ArrayList<>();
    Set<String> users = new HashSet<>();
    for (Path f : yamlFiles(rbacDir.resolve("assignments"))) {
      Map<String, Object> m = read(f);
      String user = string(f, m, "username", true);
      if (!users.add(user)) {
        throw new BadRequestException("Duplicate definition file found for user \"" + user + "\": " + f);
      }
      if (!bool(m, "enabled")) {
        continue;
      }
      for (String role : strings(f, m, "roles", true)) {
        if (!names.contains(role)) {
          throw new BadRequestException(f + ": role \"" + role + "\" does not exist");
        }
        assignments.add(new RoleAssignment(user, role, f.toString(), string(f, m, "description", false)));
      }
    }
    return new RbacDefinitions(roles, assignments, mappings(rbacDir, names));
  }

  private static List<GroupMapping> mappings(Path rbacDir, Set<String> roleNames) {
    List<GroupMapping> out = new ArrayList<>();
    Set<String> groups = new HashSet<>();
    for (Path f : yamlFiles(rbacDir.resolve("mappings"))) {
      Map<String, Object> m = read(f);
      String group = string(f, m, "group", true);
      if (!groups.add(group)) {
        throw new BadRequestException("Duplicate definition file found for group \"" + group + "\": " + f);
      }
      List<String> roles = strings(f, m, "roles", true);
      for (String role : roles) {
        if (!roleNames.contains(role)) {
          throw new BadRequestException(f + ": role \"" + role + "\" does not exist");
        }
      }
      if (bool(m, "enabled")) {
        out.add(new GroupMapping(group, roles, f.toString(), string(f, m, "description", false)));
      }
    }
    return out;
  }

  private static Role role(Path f, Map<String, Object> m) {
    String name = string(f, m, "name", true);
    List<Grant> grants = new ArrayList<>();
    Object raw = m.getOrDefault("permission_grants", List.of());
    if (!(raw instanceof List<?> list)) {
      throw new BadRequestException(f + ": permission_grants must be a list");
    }
    for (Object g : list) {
      if (!(g instanceof Map<?, ?> gm)) {
        throw new BadRequestException(f + ": each permission grant must be a mapping");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> grant = (Map<String, Object>) gm;
      String uid = string(f, grant, "resource_uid", false);
      List<PermissionType> types = new ArrayList<>();
      for (String t : strings(f, grant, "permission_types", true)) {
        PermissionType type = PermissionType.of(t).orElseThrow(
            () -> new BadRequestException(f + ": unknown permission type \"" + t + "\""));
        check(f, uid, type);
        types.add(type);
      }
      grants.add(new Grant(uid, types));
    }
    return new Role(name, string(f, m, "description", false), false, bool(m, "enabled"), grants);
  }

  /** StackStorm's checks: a type must fit its resource (pack grants also cover the pack's content). */
  private static void check(Path f, String uid, PermissionType type) {
    if (uid == null) {
      if (!type.global()) {
        throw new BadRequestException(f + ": invalid permission type \"" + type.value()
            + "\" without a resource_uid: only global types (" + globals() + ") may be used without one");
      }
      return;
    }
    String resourceType = uid.contains(":") ? uid.substring(0, uid.indexOf(':')) : uid;
    boolean fits = type.resourceType().equals(resourceType)
        || resourceType.equals("pack") && Set.of("action", "action_alias", "rule", "sensor_type")
            .contains(type.resourceType())
        || resourceType.equals("action") && type.resourceType().equals("execution");
    if (!fits) {
      throw new BadRequestException(f + ": invalid permission type \"" + type.value()
          + "\" for resource \"" + uid + "\"");
    }
  }

  private static String globals() {
    return String.join(", ", Stream.of(PermissionType.values()).filter(PermissionType::global)
        .map(PermissionType::value).toList());
  }

  private static List<Path> yamlFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> read(Path f) {
    Object root = YamlReader.readOrBadRequest(f).root();
    if (!(root instanceof Map<?, ?> m) || m.isEmpty()) {
      throw new BadRequestException(f + ": empty or not a mapping");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) m;
    return map;
  }

  private static String string(Path f, Map<String, Object> m, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw new BadRequestException(f + ": \"" + key + "\" is required");
      }
      return null;
    }
    return v.toString();
  }

  private static List<String> strings(Path f, Map<String, Object> m, String key, boolean required) {
    Object v = m.get(key);
    if (!(v instanceof List<?> l) || required && l.isEmpty()) {
      throw new BadRequestException(f + ": \"" + key + "\" must be a non-empty list");
    }
    return l.stream().map(String::valueOf).toList();
  }

  private static boolean bool(Map<String, Object> m, String key) {
    return !Boolean.FALSE.equals(m.get(key)) && !"false".equals(String.valueOf(m.get(key)));
  }
}
