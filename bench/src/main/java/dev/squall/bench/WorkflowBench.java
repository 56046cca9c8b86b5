package dev.squall.bench;

import dev.squall.core.config.Config;
import dev.squall.core.orquesta.Conductor;
import dev.squall.core.orquesta.Event;
import dev.squall.core.orquesta.Expressions;
import dev.squall.core.orquesta.Statuses;
import dev.squall.core.orquesta.WorkflowParser;
import dev.squall.core.orquesta.WorkflowSpec;
import dev.squall.core.yaml.YamlReader;
import dev.squall.engine.execution.model.Execution;
import dev.squall.server.Squall;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Orquesta workflows in-process on the embedded store: a 10-task sequential {@code core.noop}
 * workflow from submission to succeeded, with-items over 1,000 items at concurrency 50, and the
 * conductor's own cost per task transition (no executions, no store).
 */
final class WorkflowBench {

  private WorkflowBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    Path home = Files.createTempDirectory("squall-bench-wf-");
    Path wf = Files.createDirectories(home.resolve("packs/benchwf/actions/workflows"));
    Files.writeString(home.resolve("packs/benchwf/pack.yaml"), "ref: benchwf\nname: benchwf\nversion: 1.0.0\n");
    StringBuilder seq = new StringBuilder("version: 1.0\ntasks:\n");
    for (int i = 1; i <= 10; i++) {
      seq.append("  t").append(i).append(":\n    action: core.noop\n");
      if (i < 10) {
        seq.append("    next:\n      - when: <% succeeded() %>\n        do: t").append(i + 1).append('\n');
      }
    }
    Files.writeString(wf.resolve("seq10.yaml"), seq.toString());
    Files.writeString(home.resolve("packs/benchwf/actions/seq10.yaml"),
        "name: seq10\nrunner_type: orquesta\nentry_point: workflows/seq10.yaml\n");
    Files.writeString(wf.resolve("items.yaml"), """
        version: 1.0
        input:
          - xs
        tasks:
          each:
            with:
              items: <% ctx(xs) %>
              concurrency: 50
            action: core.noop
        """);
    Files.writeString(home.resolve("packs/benchwf/actions/items.yaml"),
        "name: items\nrunner_type: orquesta\nentry_point: workflows/items.yaml\n"
            + "parameters:\n  xs:\n    type: array\n");
    Map<String, String> env = Map.of("SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", "0",
        "SQUALL_ADMIN_PASSWORD", "bench-password", "SQUALL_AUTH_KDF_ITERATIONS", "1000");
    List<Figure> figures = new ArrayList<>();
    figures.add(conductorCost(wf.resolve("seq10.yaml"), quick ? 200 : 1000));
    try (Squall squall = Squall.start(Config.load(null, env), new PrintStream(OutputStream.nullOutputStream()))) {
      int n = quick ? 30 : 100;
      double[] ms = new double[n];
      for (int i = -10; i < n; i++) {
        long t0 = System.nanoTime();
        Execution e = squall.executions().submit("benchwf.seq10", Map.of(), Map.of("user", "bench"));
        Execution done = squall.executions().await(e.id(), Duration.ofMinutes(1));
        check(done);
        if (i >= 0) {
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      figures.add(new Figure("workflow 10 sequential core.noop: submit -> succeeded", Stats.percentile(ms, 50),
          Stats.percentile(ms, 99), "ms", 50, Double.NaN, false, "p50<=50ms",
          n + " sequential runs after 10 warm-up; 11 executions each"));
      List<Integer> xs = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        xs.add(i);
      }
      int runs = quick ? 2 : 5;
      double[] s = new double[runs];
      for (int i = -1; i < runs; i++) {
        long t0 = System.nanoTime();
        Execution e = squall.executions().submit("benchwf.items", Map.of("xs", xs), Map.of("user", "bench"));
        check(squall.executions().await(e.id(), Duration.ofMinutes(5)));
        if (i >= 0) {
          s[i] = (System.nanoTime() - t0) / 1e9;
        }
      }
      figures.add(new Figure("workflow with-items 1000 core.noop at concurrency 50", Stats.percentile(s, 50),
          Double.NaN, "s", 2, Double.NaN, false, "<=2s", runs + " runs after 1 warm-up"));
    }
    return figures;
  }

  private static void check(Execution done) {
    if (!done.status().wire().equals("succeeded")) {
      throw new IllegalStateException("workflow " + done.id() + " ended " + done.status() + ": " + done.result());
    }
  }

  /** The conductor alone: one sequential run of the 10 tasks, per task transition. */
  private static Figure conductorCost(Path file, int n) {
    Expressions expressions = Expressions.standard();
    WorkflowSpec spec = WorkflowParser.parse(YamlReader.read(file)).spec();
    double[] us = new double[n];
    for (int i = -50; i < n; i++) {
      long t0 = System.nanoTime();
      Conductor c = new Conductor(spec, expressions, Map.of(), Map.of());
      c.requestWorkflowStatus(Statuses.RUNNING);
      int transitions = 0;
      for (List<Conductor.NextTask> next = c.nextTasks(); !next.isEmpty(); next = c.nextTasks()) {
        for (Conductor.NextTask t : next) {
          c.updateTaskState(t.id(), t.route(), new Event.ActionEvent(Statuses.RUNNING, null));
          c.updateTaskState(t.id(), t.route(), new Event.ActionEvent(Statuses.SUCCEEDED, Map.of()));
          transitions++;
        }
      }
      if (i >= 0) {
        us[i] = (System.nanoTime() - t0) / 1e3 / transitions;
      }
    }
    return new Figure("orquesta conductor: cost per task transition", Stats.percentile(us, 50),
        Stats.percentile(us, 99), "us", Double.NaN, Double.NaN, false, "(printed, no target)",
        "10-task sequential workflow, " + n + " runs, expressions included");
  }
}
