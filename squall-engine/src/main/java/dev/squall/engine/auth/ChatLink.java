package dev.squall.engine.auth;

import java.time.Instant;

/**
 * A chat identity linked to a Squall user: commands from {@code adapter:chatUserId} run as
 * {@code user}.
 */
public record ChatLink(String adapter, String chatUserId, String user, Instant linked) {

  /** The chat identity as {@code chat.users} and {@code squall user link} write it: {@code adapter:id}. */
  public String identity() {
    return adapter + ":" + chatUserId;
  }
}
