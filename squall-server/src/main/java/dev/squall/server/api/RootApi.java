package dev.squall.server.api;

import dev.squall.core.error.NotFoundException;
import dev.squall.server.http.Access;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API root and the service registry. {@code GET /api/v1/} answers as StackStorm's does
 * (the API version Squall serves and where its documentation is); err-stackstorm calls it to
 * check an API key, so it needs credentials like StackStorm's. The service registry has one group,
 * {@code squall}, whose members are the nodes sharing the store (one process is one node: it runs
 * the API, the rules, the timers and the actions, which StackStorm spreads over its services).
 * The registry names hosts, so it is for administrators.
 */
public final class RootApi implements Resource {

  /** The StackStorm API whose shapes Squall serves. */
  public static final String ST2_API_VERSION = "3.9.0";
  static final String GROUP = "squall";

  private final Supplier<Map<String, Instant>> nodes;

  /** @param nodes the live nodes by id, with their last heartbeat */
  public RootApi(Supplier<Map<String, Instant>> nodes) {
    this.nodes = nodes;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/", Access.USER, ctx -> ctx.json(Map.of("version", ST2_API_VERSION,
        "docs_url", "https://docs.stackstorm.com/" + ST2_API_VERSION.substring(0, 3))));
    routes.get("/service_registry/groups", Access.ADMIN, ctx -> ctx.json(Map.of("groups", List.of(GROUP))));
    routes.get("/service_registry/groups/{group_id}/members", Access.ADMIN, this::members);
  }

  private void members(Context ctx) {
    if (!GROUP.equals(ctx.pathParam("group_id"))) {
      throw new NotFoundException("Group with ID \"" + ctx.pathParam("group_id")
          + "\" not found (Squall's one group is \"" + GROUP + "\")");
    }
    List<Map<String, Object>> members = new ArrayList<>();
    nodes.get().forEach((id, beat) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("group_id", GROUP);
      m.put("member_id", id);
      m.put("capabilities", Map.of("name", "squall", "type", "node",
          "heartbeat_at", beat == null ? "" : beat.toString()));
      members.add(m);
    });
    ctx.json(Map.of("members", members));
  }
}
