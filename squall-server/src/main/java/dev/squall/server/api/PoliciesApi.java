package dev.squall.server.api;

import dev.squall.core.error.NotFoundException;
import dev.squall.engine.policy.Policies;
import dev.squall.engine.policy.Policy;
import dev.squall.engine.policy.PolicyType;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /api/v1/policytypes} and {@code /api/v1/policies} as StackStorm answers them: the
 * policy types Squall enforces, and the packs' policies (from {@code policies/*.yaml}, so
 * their id is their ref), with StackStorm's filters.
 */
public final class PoliciesApi implements Resource {

  private final Policies policies;

  public PoliciesApi(Policies policies) {
    this.policies = policies;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/policytypes", Access.USER, this::types);
    routes.get("/policytypes/{ref_or_id}", Access.USER, ctx -> ctx.json(type(find(
        Arrays.asList(PolicyType.values()), PolicyType::ref, "Policy type", ctx.pathParam("ref_or_id")))));
    routes.get("/policies", Access.USER, this::list);
    routes.get("/policies/{ref_or_id}", Access.USER, ctx -> ctx.json(policy(find(
        policies.all(), Policy::ref, "Policy", ctx.pathParam("ref_or_id")))));
  }

  private void types(Context ctx) {
    String resourceType = ctx.queryParam("resource_type");
    String name = ctx.queryParam("name");
    List<Map<String, Object>> all = Arrays.stream(PolicyType.values())
        .filter(t -> resourceType == null || resourceType.equals(t.resourceType()))
        .filter(t -> name == null || name.equals(t.shortName()))
        .map(PoliciesApi::type).toList();
    ctx.json(Paging.of(ctx).page(all, ctx));
  }

  private void list(Context ctx) {
    Map<String, Function<Policy, String>> filters = Map.of("pack", Policy::pack, "name", Policy::name,
        "resource_ref", Policy::resourceRef, "policy_type", p -> p.type().ref());
    List<Policy> matching = policies.all().stream().filter(p -> filters.entrySet().stream()
        .allMatch(f -> ctx.queryParam(f.getKey()) == null
            || ctx.queryParam(f.getKey()).equals(f.getValue().apply(p))))
        .filter(p -> Authenticator.may(ctx, PermissionType.POLICY_VIEW, Target.inPack("policy", p.ref()))).toList();
    ctx.json(Paging.of(ctx).page(matching.stream().map(PoliciesApi::policy).toList(), ctx));
  }

  private static <T> T find(List<T> all, Function<T, String> ref, String what, String wanted) {
    return all.stream().filter(t -> ref.apply(t).equals(wanted)).findFirst()
        .orElseThrow(() -> new NotFoundException(what + " with ref or id \"" + wanted + "\" not found"));
  }

  static Map<String, Object> type(PolicyType t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.ref());
    m.put("uid", "policy_type:" + t.resourceType() + ":" + t.shortName());
    m.put("ref", t.ref());
    m.put("resource_type", t.resourceType());
    m.put("name", t.shortName());
    m.put("description", t.description());
    m.put("enabled", true);
    m.put("module", t.module());
    m.put("parameters", t.parameters());
    return m;
  }

  static Map<String, Object> policy(Policy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.ref());
    m.put("uid", p.uid());
    m.put("ref", p.ref());
    m.put("pack", p.pack());
    m.put("name", p.name());
    m.put("description", p.description());
    m.put("enabled", p.enabled());
    m.put("resource_ref", p.resourceRef());
    m.put("policy_type", p.type().ref());
    m.put("parameters", p.parameters());
    m.put("metadata_file", p.file() == null ? null : "policies/" + p.file().getFileName());
    return m;
  }
}
