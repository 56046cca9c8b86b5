package dev.squall.engine.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A chat that keeps what was posted: {@code [adapter, room, thread, message, extra]}. */
final class InMemoryChat implements ChatDelivery {

  private final List<List<Object>> posted;

  InMemoryChat(List<List<Object>> posted) {
    this.posted = posted;
  }

  @Override
  public void post(String adapter, String room, String thread, String message,
      Map<String, Object> extra) {
    posted.add(Arrays.asList(adapter, room, thread, message, extra));
  }
}
