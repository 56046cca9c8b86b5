package dev.squall.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Squall's benchmarks and prints every figure beside its DESIGN.md target.
 *
 * <pre>bench/run [--quick] [--json FILE]</pre>
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path json = null;
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--json" -> json = Path.of(args[++i]);
        case "--only" -> only = args[++i];
        case "-h", "--help" -> {
          System.out.println("usage: squall bench [--quick] [--json FILE]");
          System.out.println("  --quick      smaller samples; finishes in under two minutes on 2 cores");
          System.out.println("  --json FILE  also write the figures as JSON");
          System.out.println("  --only PART  run one part: micro, engine, workflow, python, chat, storage, process, ssh or webui");
          return;
        }
        default -> {
          System.err.println("unknown option " + args[i] + " (try --help)");
          System.exit(2);
        }
      }
    }
    List<Figure> figures = new ArrayList<>();
    if (only == null || only.equals("micro")) {
      System.err.println("bench: micro-benchmarks (JMH): alias matching, templates, casting…");
      figures.addAll(MicroBench.run(quick));
    }
    if (only == null || only.equals("engine")) {
      System.err.println("bench: engine throughput and latency…");
      figures.addAll(EngineBench.run(quick));
      figures.addAll(ServiceBench.run(quick));
    }
    if (only == null || only.equals("workflow")) {
      System.err.println("bench: orquesta workflows…");
      figures.addAll(WorkflowBench.run(quick));
    }
    if (only == null || only.equals("python")) {
      System.err.println("bench: Python action latency and throughput…");
      figures.addAll(PythonBench.run(quick));
    }
    if (only == null || only.equals("chat")) {
      System.err.println("bench: chat command to ack and to result…");
      figures.addAll(ChatBench.run(quick));
    }
    if (only == null || only.equals("storage")) {
      System.err.println("bench: bytes on disk per byte of command output…");
      figures.addAll(StorageBench.run(quick));
    }
    if (only == null || only.equals("process")) {
      System.err.println("bench: start-to-ready and idle memory with 100 packs…");
      figures.addAll(ProcessBench.run(quick));
    }
    if (only == null || only.equals("ssh")) {
      System.err.println("bench: core.remote over SSH on 10 loopback hosts…");
      figures.addAll(SshBench.run(quick));
    }
    if (only == null || only.equals("webui")) {
      System.err.println("bench: the web UI's executions page with 10,000 executions in history…");
      figures.addAll(WebUiBench.run(quick));
    }
    print(figures, System.out);
    if (json != null) {
      writeJson(figures, json);
    }
  }

  static void print(List<Figure> figures, PrintStream out) {
    String fmt = "%-52s %12s %12s %-22s %s%n";
    out.printf(fmt, "figure", "p50", "p99", "target", "verdict");
    for (Figure f : figures) {
      out.printf(fmt, f.name(), value(f.p50(), f.unit()), value(f.p99(), f.unit()), f.targetText(), f.verdict());
      if (f.note() != null && !f.note().isBlank()) {
        out.printf("    %s%n", f.note());
      }
    }
    out.printf("machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
  }

  private static String value(double v, String unit) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return (v >= 100 ? String.format("%.0f", v) : String.format("%.2f", v)) + " " + unit;
  }

  private static void writeJson(List<Figure> figures, Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Figure f : figures) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("figure", f.name());
      m.put("p50", Double.isNaN(f.p50()) ? null : f.p50());
      m.put("p99", Double.isNaN(f.p99()) ? null : f.p99());
      m.put("unit", f.unit());
      m.put("target", f.targetText());
      m.put("meets_target", f.meetsTarget());
      m.put("verdict", f.verdict());
      rows.add(m);
    }
    Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
  }
}
