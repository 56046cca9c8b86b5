package dev.squall.engine.notify;

import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * StackStorm's {@code announcement} runner ({@code chatops.post_message}): the action's own
 * parameters become the payload of {@code st2.announcement__<route>} on the stream, where chat
 * bots — external ones and Squall's — pick it up.
 */
public final class AnnouncementRunner implements Runner {

  private final EventBus bus;

  public AnnouncementRunner(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public String name() {
    return "announcement";
  }

  @Override
  public RunnerResult run(RunContext context) {
    Map<String, Object> params = context.parameters();
    if (!Boolean.TRUE.equals(params.get("experimental"))) {
      return new RunnerResult(ExecutionStatus.FAILED, Map.of("error",
          "The announcement runner is experimental: the action must set experimental: true"));
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    context.action().parameters().keySet().stream()
        .filter(k -> !k.equals("experimental") && !k.equals("route") && params.containsKey(k))
        .forEach(k -> payload.put(k, params.get(k)));
    String route = String.valueOf(params.getOrDefault("route", "chatops"));
    bus.publish(Announcements.event(route, payload));
    Map<String, Object> result = new LinkedHashMap<>(payload);
    result.put("output", payload);
    return new RunnerResult(ExecutionStatus.SUCCEEDED, result);
  }
}
