package dev.squall.server.api;

import dev.squall.core.error.NotFoundException;
import dev.squall.engine.rbac.Authorizer;
import dev.squall.engine.rbac.Grant;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.RbacDefinitions;
import dev.squall.engine.rbac.Role;
import dev.squall.engine.rbac.RoleAssignment;
import dev.squall.server.http.Access;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * StackStorm's read-only RBAC endpoints, in the shapes {@code st2 role list}, {@code st2 role get}
 * and {@code st2 role-assignment list|get} read. Roles change only through the files.
 */
public final class RbacApi implements Resource {

  private final Authorizer rbac;
  private final Path definitions;

  /** @param definitions the folder of roles/ and assignments/ that {@code POST /rbac/apply} reads */
  public RbacApi(Authorizer rbac, Path definitions) {
    this.rbac = rbac;
    this.definitions = definitions;
  }

  @Override
  public void register(Routes routes) {
    // Squall's st2-apply-rbac-definitions: read the files again; an invalid one changes nothing.
    routes.post("/rbac/apply", Access.ADMIN, ctx -> {
      RbacDefinitions defs = RbacDefinitions.load(definitions);
      rbac.apply(defs);
      ctx.json(Map.of("roles", defs.roles().size(), "assignments", defs.assignments().size(),
          "mappings", defs.mappings().size()));
    });
    routes.get("/rbac/permission_types", Access.ADMIN, ctx -> ctx.json(permissionTypes()));
    routes.get("/rbac/permission_types/{resource_type}", Access.ADMIN, ctx -> {
      Map<String, String> types = permissionTypes().get(ctx.pathParam("resource_type"));
      if (types == null) {
        throw new NotFoundException("Invalid resource type: " + ctx.pathParam("resource_type"));
      }
      ctx.json(types);
    });
    routes.get("/rbac/roles", Access.ADMIN, this::roles);
    routes.get("/rbac/roles/{name_or_id}", Access.ADMIN, ctx -> ctx.json(role(rbac.role(ctx.pathParam("name_or_id"))
        .orElseThrow(() -> new NotFoundException("Role \"" + ctx.pathParam("name_or_id") + "\" not found")))));
    routes.get("/rbac/role_assignments", Access.ADMIN, this::assignments);
    routes.get("/rbac/role_assignments/{id}", Access.ADMIN, ctx -> ctx.json(assignment(rbac.assignments().stream()
        .filter(a -> a.id().equals(ctx.pathParam("id"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Role assignment \"" + ctx.pathParam("id") + "\" not found")))));
  }

  /**
   * Resource type → its permission types with what each allows, as st2's permission_types
   * controller answers ({@code {"action": {"action_list": "Ability to …"}}}).
   */
  private static Map<String, Map<String, String>> permissionTypes() {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (PermissionType t : PermissionType.values()) {
      out.computeIfAbsent(t.resourceType(), k -> new java.util.LinkedHashMap<>()).put(t.value(),
          t.operation().equals("all")
              ? "Ability to perform all the supported operations on " + t.resourceType().replace('_', ' ')
              : "Ability to " + t.operation().replace('_', ' ') + " " + t.resourceType().replace('_', ' '));
    }
    return out;
  }

  private void roles(Context ctx) {
    boolean systemOnly = "true".equalsIgnoreCase(ctx.queryParam("system"));
    ctx.json(Paging.of(ctx).page(rbac.roles().stream().filter(r -> !systemOnly || r.system())
        .map(RbacApi::role).toList(), ctx));
  }

  private void assignments(Context ctx) {
    String user = ctx.queryParam("user");
    String role = ctx.queryParam("role");
    String source = ctx.queryParam("source");
    String remote = ctx.queryParam("remote");
    ctx.json(Paging.of(ctx).page(rbac.assignments().stream()
        .filter(a -> user == null || a.user().equals(user))
        .filter(a -> role == null || a.role().equals(role))
        .filter(a -> source == null || a.source().equals(source))
        .filter(a -> remote == null || a.remote() == Boolean.parseBoolean(remote)) // remote: through a group
        .map(RbacApi::assignment).toList(), ctx));
  }

  private static Map<String, Object> role(Role r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("description", r.description());
    m.put("enabled", r.enabled());
    m.put("system", r.system());
    m.put("permission_grants", r.grants().stream().map(RbacApi::grant).toList());
    return m;
  }

  private static Map<String, Object> grant(Grant g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resource_uid", g.resourceUid());
    m.put("permission_types", g.types().stream().map(PermissionType::value).toList());
    return m;
  }

  private static Map<String, Object> assignment(RoleAssignment a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("user", a.user());
    m.put("role", a.role());
    m.put("source", a.source());
    m.put("is_remote", a.remote());
    m.put("description", a.description());
    return m;
  }
}
