package dev.squall.server.webchat;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.Bot;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.server.http.Access;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code GET /api/v1/chat/adapters}: each chat adapter's connection state. */
public final class ChatAdaptersApi implements Resource {

  private final Bot bot;

  public ChatAdaptersApi(Bot bot) {
    this.bot = bot;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/chat/adapters", Access.USER, ctx -> ctx.json(bot.health().stream().map(ChatAdaptersApi::json).toList()));
  }

  static Map<String, Object> json(AdapterHealth h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", h.name());
    m.put("platform", h.platform());
    m.put("state", h.state().name().toLowerCase(Locale.ROOT));
    m.put("detail", h.detail());
    m.put("since", ExecutionView.time(h.since()));
    return m;
  }
}
