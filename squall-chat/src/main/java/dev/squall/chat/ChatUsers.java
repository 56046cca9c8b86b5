package dev.squall.chat;

import dev.squall.core.error.UnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * The server's side of chat identities: links made with {@code squall user link} or by the user's
 * own {@code !link}, the one-time link page, and the roles {@code !whoami} shows.
 */
public interface ChatUsers {

  /** The Squall user {@code adapter:chatUserId} is linked to, if any. */
  Optional<String> linked(String adapter, String chatUserId);

  /** A one-time URL (10 minutes) where this chat identity logs in to link itself to its Squall user. */
  String linkUrl(String adapter, String chatUserId);

  /** The roles a Squall user holds. */
  List<String> roles(String squallUser);

  /** No links and no link page: only {@code chat.users} maps chat users. */
  ChatUsers NONE = new ChatUsers() {
    @Override
    public Optional<String> linked(String adapter, String chatUserId) {
      return Optional.empty();
    }

    @Override
    public String linkUrl(String adapter, String chatUserId) {
      throw new UnavailableException("This bot cannot link chat users; ask an administrator to map you under chat.users.");
    }

    @Override
    public List<String> roles(String squallUser) {
      return List.of();
    }
  };
}
