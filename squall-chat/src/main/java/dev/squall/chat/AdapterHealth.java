package dev.squall.chat;

import java.time.Instant;

/**
 * An adapter's connection state for {@code GET /api/v1/chat/adapters}.
 *
 * @param detail the last error, or what it is connected to
 * @param since when the state began
 */
public record AdapterHealth(String name, String platform, State state, String detail, Instant since) {

  public enum State { CONNECTING, CONNECTED, DISCONNECTED, STOPPED }
}
