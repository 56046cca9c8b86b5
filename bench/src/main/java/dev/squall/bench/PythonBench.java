package dev.squall.bench;

import dev.squall.core.config.Config;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
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
import java.util.concurrent.TimeUnit;

/**
 * A trivial Python action (returns a dict) through the engine: submit to succeeded, one at a
 * time, and many at once, on the warm path (children forked by the pack's warm worker); then
 * the memory of the warm workers, and the same latency with {@code python.warm_workers: false}
 * (a fresh interpreter per execution) for comparison.
 */
final class PythonBench {

  private PythonBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    List<Figure> figures = new ArrayList<>(measure(quick, true));
    figures.add(measure(quick, false).get(0));
    return figures;
  }

  private static List<Figure> measure(boolean quick, boolean warm) throws Exception {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Path packs = Files.createTempDirectory("squall-bench-pypacks-");
    Path actions = Files.createDirectories(packs.resolve("pybench/actions"));
    Files.writeString(packs.resolve("pybench/pack.yaml"), "ref: pybench\nname: pybench\n"
        + "version: 1.0.0\ndescription: a trivial Python action\n");
    Files.writeString(actions.resolve("hello.yaml"), "name: hello\nrunner_type: python-script\n"
        + "entry_point: hello.py\nparameters:\n  who: {type: string, default: world}\n");
    Files.writeString(actions.resolve("hello.py"), "from st2common.runners.base_action import"
        + " Action\n\n\nclass Hello(Action):\n    def run(self, who):\n"
        + "        return {'hello': who}\n");
    Path home = Files.createTempDirectory("squall-bench-py-");
    Map<String, String> env = Map.of("SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", "0",
        "SQUALL_ADMIN_PASSWORD", "bench-password", "SQUALL_AUTH_KDF_ITERATIONS", "1000",
        "SQUALL_PACKS_PATH", packs.toString(), "SQUALL_PYTHON_INTERPRETER", python,
        "SQUALL_PYTHON_WARM_WORKERS", Boolean.toString(warm));
    List<Figure> figures = new ArrayList<>();
    try (Squall squall = Squall.start(Config.load(null, env), new PrintStream(OutputStream.nullOutputStream()))) {
      Map<String, CompletableFuture<ExecutionStatus>> done = new ConcurrentHashMap<>();
      try (Subscription ignored = squall.bus().subscribe(e -> {
        if (e instanceof Event.ExecutionUpdated u && u.execution().status().isTerminal()) {
          done.computeIfAbsent(u.execution().id(), id -> new CompletableFuture<>())
              .complete(u.execution().status());
        }
      }, 1_000_000)) {
        int n = quick ? 30 : 100;
        double[] ms = new double[n];
        for (int i = -5; i < n; i++) { // the first run also makes the pack's virtualenv
          long t0 = System.nanoTime();
          Execution e = squall.executions().submit("pybench.hello", Map.of(), Map.of("user", "bench"));
          ExecutionStatus status = done.computeIfAbsent(e.id(), id -> new CompletableFuture<>())
              .get(60, TimeUnit.SECONDS);
          if (status != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException("pybench.hello ended " + status);
          }
          if (i >= 0) {
            ms[i] = (System.nanoTime() - t0) / 1e6;
          }
        }
        String how = warm ? "forked by the pack's warm worker" : "a fresh python3 per execution"
            + " (python.warm_workers: false)";
        figures.add(new Figure("python action (returns a dict): submit -> succeeded"
            + (warm ? "" : ", no warm worker"),
            Stats.percentile(ms, 50), Stats.percentile(ms, 99), "ms", 30, 100, false,
            "p50<=30ms p99<=100ms", n + " sequential runs after 5 warm-up; " + how));
        if (!warm) {
          return figures;
        }
        int many = quick ? 100 : 400;
        List<CompletableFuture<ExecutionStatus>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < many; i++) {
          Execution e = squall.executions().submit("pybench.hello", Map.of(), Map.of("user", "bench"));
          all.add(done.computeIfAbsent(e.id(), id -> new CompletableFuture<>()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double rate = many / ((System.nanoTime() - t0) / 1e9);
        figures.add(new Figure("python executions sustained (" + many + " queued)", rate,
            Double.NaN, "/s", 200, Double.NaN, true, ">= 200/s",
            "children of the warm worker, up to executions.concurrency at once"));
        List<long[]> workers = ProcessHandle.current().children()
            .filter(p -> p.info().arguments().map(a -> String.join(" ", a)
                .contains("squall_fork_server.py")).orElse(false))
            .map(p -> memoryKb(p.pid())).toList();
        double rss = workers.stream().mapToLong(m -> m[0]).average().orElse(Double.NaN) / 1024;
        double pss = workers.stream().mapToLong(m -> m[1]).average().orElse(Double.NaN) / 1024;
        figures.add(new Figure("memory per warm Python worker (RSS)", rss, Double.NaN, "MB",
            Double.NaN, Double.NaN, false, "reported", workers.size() + " worker(s) idle after"
                + " the runs; PSS (its own share, libraries split with others) "
                + String.format("%.1f MB", pss)));
      }
    }
    return figures;
  }

  /** VmRSS (/proc/PID/status) and Pss (/proc/PID/smaps_rollup) in kB; -1 where unreadable. */
  private static long[] memoryKb(long pid) {
    return new long[] {field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:"),
        field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:")};
  }

  private static long field(Path file, String name) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(name))
          .map(l -> Long.parseLong(l.substring(name.length()).strip().split("\\s+")[0]))
          .findFirst().orElse(-1L);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }
}
