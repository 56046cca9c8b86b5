package dev.squall.engine.notify;

import dev.squall.engine.alias.AliasResults;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import java.util.Map;

/**
 * {@code chatops.post_result}: what StackStorm does with a workflow ({@code format_execution_result}
 * then {@code post_message}) in one step — the execution's result rendered with its alias's result
 * format (or the default template) and announced to {@code channel} on the stream.
 */
public final class PostResultRunner implements Runner {

  private final AliasResults results;
  private final EventBus bus;

  public PostResultRunner(AliasResults results, EventBus bus) {
    this.results = results;
    this.bus = bus;
  }

  @Override
  public String name() {
    return "squall-post-result";
  }

  @Override
  public RunnerResult run(RunContext context) {
    Map<String, Object> p = context.parameters();
    Execution posted = context.executions().read(String.valueOf(p.get("execution_id")));
    AliasResults.Rendered r = results.render(posted);
    if (!r.enabled()) {
      return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("note", "Execution result is disabled."));
    }
    Map<String, Object> payload = Announcements.payload(p.get("channel"), p.get("user"), p.get("whisper"),
        r.message(), r.extra(), p.get("context"));
    bus.publish(Announcements.event(String.valueOf(p.getOrDefault("route", "chatops")), payload, posted.status()));
    return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("note", "Execution result has been posted.",
        "message", r.message()));
  }
}
