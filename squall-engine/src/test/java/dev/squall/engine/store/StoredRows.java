package dev.squall.engine.store;

import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Executions as the store contracts write them. */
final class StoredRows {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private StoredRows() {}

  static Execution requested(String id, String ref, String user, Instant at) {
    return new Execution(id, ref, "noop", Map.of("cmd", "date", "n", 3),
        Map.of("user", user), ExecutionStatus.REQUESTED, at, null, Map.of(),
        List.of(new StatusChange(ExecutionStatus.REQUESTED, at)));
  }

  static Execution moved(Execution e, ExecutionStatus s, Map<String, Object> result) {
    Instant at = e.startTimestamp().plusSeconds(1);
    List<StatusChange> log = new ArrayList<>(e.log());
    log.add(new StatusChange(s, at));
    return new Execution(e.id(), e.actionRef(), e.runnerType(), e.parameters(), e.context(), s,
        e.startTimestamp(), s.isTerminal() ? at : null, result, log);
  }

  static String id(int n) {
    return String.format("%024x", n);
  }
}
