package dev.squall.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last messages an adapter handed on, so that one a platform delivers again (a
 * retried envelope, a replay after a resume, an event repeated by a re-sync) is answered once.
 * Forgets the oldest beyond its capacity; safe to use from any thread.
 */
public final class SeenIds {

  private final Map<String, Boolean> ids;

  public SeenIds(int capacity) {
    this.ids = new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True the first time {@code id} is offered, false every time after (until forgotten). */
  public synchronized boolean firstTime(String id) {
    return ids.put(id, Boolean.TRUE) == null;
  }
}
