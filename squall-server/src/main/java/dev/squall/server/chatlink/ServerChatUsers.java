package dev.squall.server.chatlink;

import dev.squall.chat.ChatUsers;
import dev.squall.engine.auth.ChatLinks;
import dev.squall.engine.rbac.Authorizer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The bot's view of chat links: the store's links, tokens for the {@link LinkPage}, and RBAC's roles. */
public final class ServerChatUsers implements ChatUsers {

  private final ChatLinks links;
  private final Authorizer rbac;
  private final Supplier<String> baseUrl;

  /** @param baseUrl where users reach this server, without a trailing slash (known once it listens) */
  public ServerChatUsers(ChatLinks links, Authorizer rbac, Supplier<String> baseUrl) {
    this.links = links;
    this.rbac = rbac;
    this.baseUrl = baseUrl;
  }

  @Override
  public Optional<String> linked(String adapter, String chatUserId) {
    return links.userOf(adapter, chatUserId);
  }

  @Override
  public String linkUrl(String adapter, String chatUserId) {
    String base = baseUrl.get();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/link/"
        + links.issueToken(adapter, chatUserId);
  }

  @Override
  public List<String> roles(String squallUser) {
    return rbac.rolesOf(squallUser);
  }
}
