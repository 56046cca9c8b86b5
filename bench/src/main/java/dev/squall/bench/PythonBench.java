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
 * time, and many at once. Each execution starts a Python process (no warm workers yet), so this
 * measures the plain-process path that warm workers would replace.
 */
final class PythonBench {

  private PythonBench() {}

  static List<Figure> run(boolean quick) throws Exception {
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
        "SQUALL_PACKS_PATH", packs.toString(), "SQUALL_PYTHON_INTERPRETER", python);
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
        figures.add(new Figure("python action (returns a dict): submit -> succeeded",
            Stats.percentile(ms, 50), Stats.percentile(ms, 99), "ms", 30, 100, false,
            "p50<=30ms p99<=100ms", n + " sequential runs after 5 warm-up; a fresh python3 per"
                + " execution (no warm workers yet)"));
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
            "one python3 process per execution, up to executions.concurrency at once"));
        figures.add(new Figure("memory per warm Python worker", Double.NaN, Double.NaN, "MB",
            Double.NaN, Double.NaN, false, "reported", "no warm workers yet: nothing to measure"));
      }
    }
    return figures;
  }
}
