package dev.squall.engine.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A chat that keeps what was posted: {@code [execution id, source context]}. */
final class InMemoryChat implements ChatDelivery {

  private final List<List<Object>> posted;

  InMemoryChat(List<List<Object>> posted) {
    this.posted = posted;
  }

  @Override
  public void post(String executionId, Map<String, Object> sourceContext) {
    posted.add(Arrays.asList(executionId, sourceContext));
  }
}
