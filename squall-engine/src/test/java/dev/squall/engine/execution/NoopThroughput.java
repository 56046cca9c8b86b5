package dev.squall.engine.execution;

import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A load driver, not a test: {@code java -cp <test classpath> ...NoopThroughput [count]
 * [submitters] [concurrency]}. Submits {@code count} {@code core.noop} executions from
 * {@code submitters} threads into an H2 file store and prints submit and completion rates next
 * to the target (2,000/s).
 */
public final class NoopThroughput {

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int submitters = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path home = Files.createTempDirectory("squall-bench");
    StoreConfig config = StoreConfig.h2File(home);
    if (args.length > 3) { // alternative H2 settings, to compare
      config = new StoreConfig("jdbc:h2:file:" + home.resolve("db/squall") + args[3], "sa", "", 8);
    }
    try (Database db = Database.open(config)) {
      TestActions test = new TestActions();
      EventBus bus = new EventBus();
      // Completion is counted from the bus, as the stream and the notifier would see it.
      java.util.concurrent.atomic.LongAdder succeeded = new java.util.concurrent.atomic.LongAdder();
      java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(count + 2_000);
      bus.subscribe(e -> {
        if (e instanceof dev.squall.engine.event.Event.ExecutionUpdated u
            && u.execution().status().isTerminal()) {
          if (u.execution().status() == ExecutionStatus.SUCCEEDED) {
            succeeded.increment();
          }
          all.countDown();
        }
      }, 100_000);
      ExecutionService service = new ExecutionService(new ExecutionRepository(db), test.lookup(),
          TestActions.resolver(), test.runners(), bus, Clock.systemUTC(), concurrency);
      service.start();
      // warm-up
      for (int i = 0; i < 2_000; i++) {
        service.submit("core.noop", Map.of(), Map.of());
      }
      ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < submitters; s++) {
        int share = count / submitters;
        threads.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < share; i++) {
            ids.add(service.submit("core.noop", Map.of("i", i), Map.of("user", "bench")).id());
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      long submitted = System.nanoTime();
      all.await();
      long done = System.nanoTime();
      if (succeeded.sum() != count + 2_000) {
        throw new IllegalStateException((count + 2_000 - succeeded.sum()) + " did not succeed");
      }
      System.out.printf("executions: %d, submitters: %d, concurrency: %d%n", ids.size(),
          submitters, concurrency);
      System.out.printf("submit rate: %.0f/s%n", ids.size() / ((submitted - t0) / 1e9));
      System.out.printf("end-to-end (noop, H2): %.0f executions/s (target >= 2000/s)%n",
          ids.size() / ((done - t0) / 1e9));
      service.close();
    }
  }
}
