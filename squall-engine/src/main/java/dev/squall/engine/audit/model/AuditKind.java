package dev.squall.engine.audit.model;

import java.util.Locale;

/** Where an audited request came from. */
public enum AuditKind {
  /** A command said to the bot in a chat room (or a direct message). */
  CHAT,
  /** A call of the HTTP API. */
  API;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
