package dev.squall.engine.execution;

import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Run in a child JVM by {@link CrashRecoveryTest}: opens the H2 store under {@code args[0]},
 * submits one execution that blocks forever and three queued behind it (concurrency 1), prints
 * their ids and then {@code READY} once the first is running, and waits to be killed.
 *
 * <p>With a second argument, the execution that runs is instead {@code core.local} with that
 * {@code cmd}, and {@code READY} comes once its process group is recorded.
 */
public final class CrashChild {

  public static void main(String[] args) throws Exception {
    Database db = Database.open(StoreConfig.h2File(Path.of(args[0])));
    ExecutionRepository repo = new ExecutionRepository(db);
    TestActions test = new TestActions();
    ExecutionService service = new ExecutionService(repo, test.lookup(),
        TestActions.resolver(), test.runners(), new EventBus(), Clock.systemUTC(), 1);
    service.start();
    Execution blocked = args.length > 1
        ? service.submit("core.local", Map.of("cmd", args[1]), Map.of("user", "crash"))
        : service.submit("test.block", Map.of(), Map.of("user", "crash"));
    System.out.println("BLOCKED " + blocked.id());
    for (int i = 0; i < 3; i++) {
      System.out.println("QUEUED " + service.submit("core.noop", Map.of("i", i), Map.of()).id());
    }
    while (service.await(blocked.id(), Duration.ofMillis(10)).status() != ExecutionStatus.RUNNING
        || (args.length > 1 && repo.processGroups().process(blocked.id()).isEmpty())) {
      Thread.onSpinWait();
    }
    // H2 may answer a commit while another thread's write of the file is still under way, so a
    // row another session already reads can be missing after a kill -9 in the next instant. The
    // test is about what the restart does with a recorded group, not about that window: have H2
    // write what it holds before saying so.
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
    }
    System.out.println("READY");
    System.out.flush();
    new java.util.concurrent.CountDownLatch(1).await();
  }
}
