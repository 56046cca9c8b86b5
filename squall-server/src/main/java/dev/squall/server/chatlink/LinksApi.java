package dev.squall.server.chatlink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.engine.auth.ChatLink;
import dev.squall.engine.auth.ChatLinks;
import dev.squall.server.http.Access;
import dev.squall.server.http.Body;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/users/{name}/links}, a Squall extension for administrators: the chat identities
 * ({@code adapter:id}) that run as a user, linked and unlinked ({@code squall user link|unlink}).
 * Links declared in {@code chat.users} are the configuration's and not listed here.
 */
public final class LinksApi implements Resource {

  private final ChatLinks links;
  private final ObjectMapper json;

  public LinksApi(ChatLinks links, ObjectMapper json) {
    this.links = links;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/users/{name}/links", Access.ADMIN, ctx -> ctx.json(
        links.linksOf(ctx.pathParam("name")).stream().map(LinksApi::view).toList()));
    routes.post("/users/{name}/links", Access.ADMIN, ctx -> {
      String[] id = identity(Body.parse(json, ctx.body(), Set.of("identity")).string("identity", true));
      ctx.status(201).json(view(links.link(ctx.pathParam("name"), id[0], id[1])));
    });
    routes.delete("/users/{name}/links/{identity}", Access.ADMIN, ctx -> {
      String[] id = identity(ctx.pathParam("identity"));
      links.unlink(ctx.pathParam("name"), id[0], id[1]);
      ctx.status(204);
    });
  }

  /** {@code adapter:id}, split at the first colon (the id may hold more). */
  static String[] identity(String s) {
    int colon = s.indexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new BadRequestException("A chat identity is adapter:id (e.g. irc:alice), not \"" + s + "\"");
    }
    return new String[] {s.substring(0, colon), s.substring(colon + 1)};
  }

  private static Map<String, Object> view(ChatLink l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identity", l.identity());
    m.put("adapter", l.adapter());
    m.put("chat_user_id", l.chatUserId());
    m.put("user", l.user());
    m.put("linked_at", l.linked().toString());
    return m;
  }
}
