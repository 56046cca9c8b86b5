package dev.squall.bench;

import dev.squall.core.config.Config;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.model.Execution;
import dev.squall.server.Squall;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The execution engine through its one service, in-process on the embedded store: sustained
 * {@code core.noop} throughput with a deep queue, and {@code core.local cmd="echo hi"} latency
 * from submission to the terminal status event.
 */
final class EngineBench {

  private static final int SUBMITTERS = 16;

  private EngineBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    Path home = Files.createTempDirectory("squall-bench-");
    Map<String, String> env = Map.of("SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", "0",
        "SQUALL_ADMIN_PASSWORD", "bench-password", "SQUALL_AUTH_KDF_ITERATIONS", "1000");
    List<Figure> figures = new ArrayList<>();
    try (Squall squall = Squall.start(Config.load(null, env), new PrintStream(OutputStream.nullOutputStream()))) {
      Map<String, CompletableFuture<Long>> done = new ConcurrentHashMap<>();
      try (Subscription ignored = squall.bus().subscribe(e -> {
        if (e instanceof Event.ExecutionUpdated u && u.execution().status().isTerminal()) {
          CompletableFuture<Long> f = done.computeIfAbsent(u.execution().id(), id -> new CompletableFuture<>());
          f.complete(System.nanoTime());
        }
      }, 1_000_000)) {
        figures.add(latency(squall, done, quick ? 100 : 300));
        figures.add(throughput(squall, done, quick ? 8_000 : 20_000));
      }
    }
    return figures;
  }

  private static Figure latency(Squall squall, Map<String, CompletableFuture<Long>> done, int n) throws Exception {
    double[] ms = new double[n];
    for (int i = -20; i < n; i++) {
      long t0 = System.nanoTime();
      Execution e = squall.executions().submit("core.local", Map.of("cmd", "echo hi"), Map.of("user", "bench"));
      long t1 = done.computeIfAbsent(e.id(), id -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
      if (i >= 0) {
        ms[i] = (t1 - t0) / 1e6;
      }
    }
    return new Figure("execution core.local \"echo hi\": submit -> succeeded", Stats.percentile(ms, 50),
        Stats.percentile(ms, 99), "ms", 30, 100, false, "p50<=30ms p99<=100ms",
        n + " sequential runs after 20 warm-up; includes fork/exec of bash");
  }

  private static Figure throughput(Squall squall, Map<String, CompletableFuture<Long>> done, int n) throws Exception {
    CountDownLatch all = new CountDownLatch(n);
    long[] finished = new long[n];
    AtomicInteger index = new AtomicInteger();
    long t0 = System.nanoTime();
    // Callers submit concurrently, as API requests and rule firings do; each submission is
    // durable before it returns, and concurrent ones share a commit.
    try (var submitters = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int s = 0; s < SUBMITTERS; s++) {
        submitters.submit(() -> {
          for (int i = 0; i < n / SUBMITTERS; i++) {
            Execution e = squall.executions().submit("core.noop", Map.of(), Map.of("user", "bench"));
            done.computeIfAbsent(e.id(), id -> new CompletableFuture<>()).whenComplete((t, x) -> {
              finished[index.getAndIncrement()] = t;
              all.countDown();
            });
          }
          return null;
        });
      }
    }
    long submitted = System.nanoTime();
    if (!all.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("only " + (n - all.getCount()) + " of " + n + " noop executions finished");
    }
    long t1 = System.nanoTime();
    java.util.Arrays.sort(finished);
    double rate = n / ((t1 - t0) / 1e9);
    int q = n / 4;
    double firstQuarter = q / ((finished[q - 1] - t0) / 1e9);
    double lastQuarter = q / ((finished[n - 1] - finished[n - 1 - q]) / 1e9);
    return new Figure("executions core.noop sustained (" + n + " queued)", rate, Double.NaN, "/s", 2000, Double.NaN, true,
        ">= 2000/s, flat", String.format("first quarter %.0f/s, last quarter %.0f/s; %d submitted by %d callers in %.1f s",
            firstQuarter, lastQuarter, n, SUBMITTERS, (submitted - t0) / 1e9));
  }
}
