package dev.squall.engine.rbac;

import dev.squall.core.error.ForbiddenException;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.auth.User;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one authorization check, with StackStorm's semantics: a user's permissions are the union
 * of its roles' grants (whitelist, no deny); {@code admin} and {@code system_admin} may do
 * everything, {@code observer} every view, list and search; a grant on a pack covers its actions,
 * aliases, rules and sensors; create/modify/delete/execute imply view, {@code *_all} implies every
 * operation; an execution inherits its action's grants ({@code action_view} to see it,
 * {@code action_execute} to re-run or stop it). With {@code rbac.enabled: false} every
 * authenticated user may do everything.
 */
public final class Authorizer {

  private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);

  private final AuthService users;
  private final boolean enabled;
  private final AtomicReference<RbacDefinitions> definitions = new AtomicReference<>(RbacDefinitions.NONE);

  public Authorizer(AuthService users, boolean enabled) {
    this.users = users;
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Replaces the roles and assignments read from the files (at start and on {@code squall rbac apply}). */
  public void apply(RbacDefinitions defs) {
    definitions.set(defs);
    LOG.info("RBAC definitions applied: {} roles, {} assignments, {} group mappings", defs.roles().size(),
        defs.assignments().size(), defs.mappings().size());
  }

  /** Every role: the system roles, then those of the files. */
  public List<Role> roles() {
    List<Role> out = new ArrayList<>(Role.SYSTEM);
    out.addAll(definitions.get().roles());
    return out;
  }

  public Optional<Role> role(String name) {
    return roles().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /**
   * Every role assignment: an administrator's {@code admin} role, roles given through the API,
   * then those of the assignment files.
   */
  public List<RoleAssignment> assignments() {
    List<RoleAssignment> out = new ArrayList<>();
    for (User u : users.listUsers()) {
      out.addAll(apiAssignments(u));
      out.addAll(groupAssignments(u));
    }
    out.addAll(definitions.get().assignments());
    return out;
  }

  /** The names of the roles {@code user} holds. */
  public List<String> rolesOf(String user) {
    Set<String> out = new LinkedHashSet<>();
    users.user(user).ifPresent(u -> {
      apiAssignments(u).forEach(a -> out.add(a.role()));
      groupAssignments(u).forEach(a -> out.add(a.role()));
    });
    definitions.get().assignments().stream().filter(a -> a.user().equals(user)).forEach(a -> out.add(a.role()));
    return List.copyOf(out);
  }

  /** The roles an enabled user holds through the mappings of the groups it is declared in. */
  private List<RoleAssignment> groupAssignments(User u) {
    if (!u.enabled() || u.groups().isEmpty()) {
      return List.of();
    }
    List<RoleAssignment> out = new ArrayList<>();
    for (GroupMapping m : definitions.get().mappings()) {
      if (u.groups().contains(m.group())) {
        m.roles().forEach(r -> out.add(new RoleAssignment(u.name(), r, m.source(), m.description(), true)));
      }
    }
    return out;
  }

  /** Whether the caller is an administrator: the admin flag, or the {@code admin}/{@code system_admin} role. */
  public boolean isAdmin(Principal p) {
    return p.admin() || !enabled
        || rolesOf(p.user()).stream().anyMatch(r -> r.equals(Role.ADMIN) || r.equals(Role.SYSTEM_ADMIN));
  }

  public boolean allowed(Principal p, PermissionType type, Target target) {
    if (isAdmin(p)) {
      return true;
    }
    Map<String, Role> byName = roles().stream().collect(Collectors.toMap(Role::name, Function.identity()));
    for (String name : rolesOf(p.user())) {
      Role role = byName.get(name);
      if (role == null || !role.enabled()) {
        continue;
      }
      if (role.name().equals(Role.OBSERVER) && type.read()) {
        return true;
      }
      if (role.grants().stream().anyMatch(g -> grants(g, type, target))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Throws {@link ForbiddenException} with StackStorm's message unless {@code p} may; every
   * denial is logged with the user, the permission and the resource.
   */
  public void check(Principal p, PermissionType type, Target target) {
    if (allowed(p, type, target)) {
      return;
    }
    LOG.warn("RBAC denied: user \"{}\" (via {}) needs {} on {}", p.user(), p.via(), type.value(),
        target.uid() == null ? "(global)" : target.uid());
    throw new ForbiddenException(target.uid() == null
        ? "User \"" + p.user() + "\" doesn't have required permission \"" + type.value() + "\""
        : "User \"" + p.user() + "\" doesn't have required permission \"" + type.value()
            + "\" on resource \"" + target.uid() + "\"");
  }

  private static boolean grants(Grant g, PermissionType type, Target target) {
    if (g.resourceUid() == null) {
      return g.types().stream().anyMatch(t -> t.implies(type));
    }
    if (target.uid() == null) {
      return false;
    }
    if (type.resourceType().equals("execution") && target.actionRef() != null) {
      PermissionType via = switch (type) {
        case EXECUTION_VIEW -> PermissionType.ACTION_VIEW;
        case EXECUTION_RERUN, EXECUTION_STOP -> PermissionType.ACTION_EXECUTE;
        case EXECUTION_ALL -> PermissionType.ACTION_ALL;
        default -> null;
      };
      if (g.resourceUid().equals(target.uid()) && g.types().stream().anyMatch(t -> t.implies(type))) {
        return true;
      }
      return via != null && grants(g, via, Target.action(target.actionRef()));
    }
    boolean onIt = g.resourceUid().equals(target.uid())
        || target.pack() != null && g.resourceUid().equals("pack:" + target.pack());
    return onIt && g.types().stream().anyMatch(t -> t.implies(type));
  }

  private static List<RoleAssignment> apiAssignments(User u) {
    if (!u.enabled()) {
      return List.of();
    }
    List<RoleAssignment> out = new ArrayList<>();
    if (u.admin()) {
      out.add(new RoleAssignment(u.name(), Role.ADMIN, RoleAssignment.API, "administrator"));
    }
    u.roles().stream().filter(r -> !(u.admin() && r.equals(Role.ADMIN)))
        .forEach(r -> out.add(new RoleAssignment(u.name(), r, RoleAssignment.API, null)));
    return out;
  }
}
