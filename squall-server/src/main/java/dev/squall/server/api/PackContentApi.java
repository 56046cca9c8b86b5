package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.packs.PackWrites;
import dev.squall.engine.packs.PackWrites.DataFile;
import dev.squall.engine.policy.Policies;
import dev.squall.engine.policy.Policy;
import dev.squall.server.http.Access;
import dev.squall.server.http.Body;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * StackStorm's writes of pack content: {@code POST /api/v1/actions}, {@code PUT} and
 * {@code DELETE /api/v1/actions/{ref}} (with {@code data_files} and {@code remove_files}), and
 * the same for {@code /api/v1/policies}. They are written as the pack's files by
 * {@link PackWrites}, checked by the pack loader first, and loaded at once. The permissions
 * ({@code action_create|modify|delete}, {@code policy_*}) are in the one permission table.
 */
public final class PackContentApi implements Resource {

  private final PackWrites writes;
  private final Policies policies;
  private final ObjectMapper json;

  public PackContentApi(PackWrites writes, Policies policies, ObjectMapper json) {
    this.writes = writes;
    this.policies = policies;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/actions", Access.USER, ctx -> {
      Map<String, Object> body = Body.parse(json, ctx.body(), null).asMap();
      ctx.status(201).json(CatalogApi.action(writes.createAction(body, dataFiles(body))));
    });
    routes.put("/actions/{ref}", Access.USER, ctx -> {
      Map<String, Object> body = Body.parse(json, ctx.body(), null).asMap();
      ctx.json(CatalogApi.action(writes.updateAction(ctx.pathParam("ref"), body, dataFiles(body))));
    });
    routes.delete("/actions/{ref}", Access.USER, ctx -> {
      Body body = Body.parse(json, ctx.body(), Set.of("remove_files"));
      Boolean removeFiles = body.bool("remove_files");
      writes.deleteAction(ctx.pathParam("ref"), Boolean.TRUE.equals(removeFiles));
      ctx.status(204);
    });
    routes.post("/policies", Access.USER, ctx -> ctx.status(201).json(PoliciesApi.policy(
        writes.writePolicy(null, Body.parse(json, ctx.body(), null).asMap()))));
    routes.put("/policies/{ref_or_id}", Access.USER, ctx -> ctx.json(PoliciesApi.policy(
        writes.writePolicy(policy(ctx.pathParam("ref_or_id")), Body.parse(json, ctx.body(), null).asMap()))));
    routes.delete("/policies/{ref_or_id}", Access.USER, ctx -> {
      writes.deletePolicy(policy(ctx.pathParam("ref_or_id")));
      ctx.status(204);
    });
  }

  private Policy policy(String ref) {
    return policies.find(ref)
        .orElseThrow(() -> new NotFoundException("Policy with ref or id \"" + ref + "\" not found"));
  }

  /** st2's {@code data_files}: {@code [{file_path, content}]}, each checked as its schema says. */
  private static List<DataFile> dataFiles(Map<String, Object> body) {
    Object given = body.get("data_files");
    if (given == null) {
      return List.of();
    }
    if (!(given instanceof List<?> list)) {
      throw new BadRequestException("data_files: must be a list of {file_path, content} (field 'data_files')");
    }
    List<DataFile> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("file_path") instanceof String path)
          || !(m.get("content") instanceof String content)
          || !Set.of("file_path", "content").containsAll(new LinkedHashMap<>(m).keySet())) {
        throw new BadRequestException("data_files[" + i + "]: must be {\"file_path\": string, \"content\": string}"
            + " (field 'data_files[" + i + "]')");
      }
      out.add(new DataFile(path, content));
    }
    return out;
  }
}
