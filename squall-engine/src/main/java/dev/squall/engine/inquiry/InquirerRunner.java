package dev.squall.engine.inquiry;

import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * StackStorm's {@code inquirer} runner ({@code core.ask}): the execution becomes
 * {@code pending} at once with StackStorm's result {@code {schema, roles, users, route, ttl}}; the
 * inquiry's id is the execution's. {@link Inquiries} ends it when it is answered or expires.
 */
public final class InquirerRunner implements Runner {

  @Override
  public String name() {
    return "inquirer";
  }

  /** It only records what it asks. */
  @Override
  public boolean occupiesSlot() {
    return false;
  }

  @Override
  public RunnerResult run(RunContext context) {
    Map<String, Object> p = context.parameters();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("schema", p.getOrDefault("schema", InquirySchema.DEFAULT));
    result.put("roles", p.get("roles") instanceof List<?> l ? l : List.of());
    result.put("users", p.get("users") instanceof List<?> l ? l : List.of());
    result.put("route", p.get("route") == null ? "" : String.valueOf(p.get("route")));
    result.put("ttl", p.get("ttl") instanceof Number n ? n.intValue() : 1440);
    return new RunnerResult(ExecutionStatus.PENDING, result);
  }
}
