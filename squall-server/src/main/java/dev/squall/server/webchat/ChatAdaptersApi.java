package dev.squall.server.webchat;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.Bot;
import dev.squall.engine.cluster.Leases;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.server.http.Access;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/chat/adapters}: each chat adapter's connection state, the node connected
 * for it ({@code holder}; null while no node holds it) and the node answering ({@code node}).
 */
public final class ChatAdaptersApi implements Resource {

  private final Bot bot;
  private final Leases leases;

  public ChatAdaptersApi(Bot bot, Leases leases) {
    this.bot = bot;
    this.leases = leases;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/chat/adapters", Access.USER, ctx -> ctx.json(bot.health().stream().map(this::json).toList()));
  }

  private Map<String, Object> json(AdapterHealth h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", h.name());
    m.put("platform", h.platform());
    m.put("state", h.state().name().toLowerCase(Locale.ROOT));
    m.put("detail", h.detail());
    m.put("since", ExecutionView.time(h.since()));
    m.put("holder", bot.holder(h.name(), leases).orElse(null));
    m.put("node", leases.node());
    return m;
  }
}
