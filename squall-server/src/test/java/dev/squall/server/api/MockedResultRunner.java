package dev.squall.server.api;

import dev.squall.core.action.RunnerPlugin;
import dev.squall.core.action.RunnerType;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;

/**
 * A test action's runner, plugged into the server started by the tests (a {@link RunnerPlugin}
 * named in this module's test {@code META-INF/services}): each run returns the mocked status and
 * result its workflow task has in the case being played, whatever the result's type, as the real
 * orquesta conductor's cases mock them. A {@code pending} mock leaves the run pending, for the
 * test to end through the API.
 */
public final class MockedResultRunner implements RunnerPlugin, Runner {

  static final String NAME = "mocked-result";

  /** The mocks of the case being played: the next one by task, or by item for with-items. */
  private record Script(Map<String, Deque<Map<String, Object>>> next,
      Map<String, List<Map<String, Object>>> byItem, CountDownLatch hold) {}

  private static volatile Script script = new Script(Map.of(), Map.of(), new CountDownLatch(0));

  /** Plays {@code mocks} (by task name) from now on; {@code held}: every run waits for {@link #release}. */
  static void play(Map<String, List<Map<String, Object>>> mocks, boolean held) {
    Map<String, Deque<Map<String, Object>>> next = new ConcurrentHashMap<>();
    mocks.forEach((task, list) -> next.put(task, new ConcurrentLinkedDeque<>(list)));
    script = new Script(next, Map.copyOf(mocks), new CountDownLatch(held ? 1 : 0));
  }

  static void release() {
    script.hold().countDown();
  }

  @Override
  public RunnerType type() {
    return new RunnerType(NAME, "Returns the status and result mocked for its workflow task.", true, Map.of());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  @SuppressWarnings("unchecked")
  public RunnerResult run(RunContext ctx) {
    Script playing = script;
    try {
      playing.hold().await();
    } catch (InterruptedException e) {
      return new RunnerResult(ExecutionStatus.CANCELED, Map.of());
    }
    Map<String, Object> orquesta = (Map<String, Object>) ctx.context().get("orquesta");
    String task = (String) orquesta.get("task_name");
    // The items of a with-items task run concurrently: each takes the mock of its own index.
    List<Map<String, Object>> forItems = playing.byItem().get(task);
    Deque<Map<String, Object>> queue = playing.next().get(task);
    Map<String, Object> mock;
    if (orquesta.get("item_id") instanceof Integer item && forItems != null && item < forItems.size()) {
      mock = forItems.get(item);
    } else {
      mock = queue == null ? null : queue.poll();
    }
    if (mock == null) {
      return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of());
    }
    return new RunnerResult(ExecutionStatus.fromWire((String) mock.getOrDefault("status", "succeeded")),
        mock.get("result"));
  }
}
