package dev.squall.bench;

import dev.squall.core.action.ActionDef;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.NoopRunner;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code core.noop} through the execution service alone, on an H2 file store: no server, no
 * catalog, no templates, so the figure is the store's and the service's own ceiling, beside the
 * whole server's in {@link EngineBench}. Completion is counted from the bus, as the stream and
 * the notifier see it.
 */
final class ServiceBench {

  private static final int SUBMITTERS = 8;
  private static final int CONCURRENCY = 32;
  private static final int WARM_UP = 2_000;
  private static final ActionDef NOOP =
      new ActionDef("core", "noop", "", "noop", "", true, Map.of(), Map.of(), null, null);

  private ServiceBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    int n = quick ? 8_000 : 20_000;
    Path home = Files.createTempDirectory("squall-bench-service-");
    try (Database db = Database.open(StoreConfig.h2File(home)); EventBus bus = new EventBus()) {
      LongAdder succeeded = new LongAdder();
      CountDownLatch all = new CountDownLatch(WARM_UP + n);
      try (Subscription ignored = bus.subscribe(e -> {
        if (e instanceof Event.ExecutionUpdated u && u.execution().status().isTerminal()) {
          if (u.execution().status() == ExecutionStatus.SUCCEEDED) {
            succeeded.increment();
          }
          all.countDown();
        }
      }, 1_000_000)) {
        ExecutionService service = new ExecutionService(new ExecutionRepository(db), ref -> NOOP,
            (action, given, event, context) -> ParameterResolver.Resolved.plain(given), Map.of("noop", new NoopRunner()), bus, Clock.systemUTC(), CONCURRENCY);
        service.start();
        try {
          for (int i = 0; i < WARM_UP; i++) {
            service.submit("core.noop", Map.of(), Map.of());
          }
          long t0 = System.nanoTime();
          try (var submitters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < SUBMITTERS; s++) {
              submitters.submit(() -> {
                for (int i = 0; i < n / SUBMITTERS; i++) {
                  service.submit("core.noop", Map.of("i", i), Map.of("user", "bench"));
                }
                return null;
              });
            }
          }
          long submitted = System.nanoTime();
          if (!all.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + (WARM_UP + n - all.getCount()) + " noop executions finished");
          }
          long done = System.nanoTime();
          if (succeeded.sum() != WARM_UP + n) {
            throw new IllegalStateException((WARM_UP + n - succeeded.sum()) + " noop executions did not succeed");
          }
          return List.of(new Figure("executions core.noop, service alone on H2 (" + n + ")", n / ((done - t0) / 1e9),
              Double.NaN, "/s", 2000, Double.NaN, true, ">= 2000/s", String.format(
                  "submit rate %.0f/s from %d callers, concurrency %d, after %d warm-up",
                  n / ((submitted - t0) / 1e9), SUBMITTERS, CONCURRENCY, WARM_UP)));
        } finally {
          service.close();
        }
      }
    }
  }
}
