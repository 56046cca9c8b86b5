package dev.squall.engine.notify;

import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.execution.model.Execution;
import java.util.Arrays;
import java.util.List;

/** A chat that keeps what was posted: {@code [execution id, execution status, source context]}. */
final class InMemoryChat implements ChatDelivery {

  private final List<List<Object>> posted;

  InMemoryChat(List<List<Object>> posted) {
    this.posted = posted;
  }

  @Override
  public void post(Execution execution, SourceContext source) {
    posted.add(Arrays.asList(execution.id(), execution.status(), source));
  }
}
