package dev.squall.bench.micro;

import dev.squall.core.template.ResultTemplates;
import dev.squall.core.template.TemplateEngine;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The template engine on the two hot paths: a chat result, and a shell command line. */
@State(Scope.Benchmark)
public class TemplateBenchmark {

  private TemplateEngine engine;
  private ResultTemplates results;
  private Map<String, Object> execution;
  private Map<String, Object> params;

  @Setup
  public void build() {
    engine = new TemplateEngine();
    results = new ResultTemplates(engine);
    execution = Map.of("id", "6b06d28bafd3eb287009e452", "status", "succeeded",
        "action", Map.of("ref", "core.local"), "runner", Map.of("name", "local-shell-cmd"),
        "elapsed_seconds", 0.12, "parameters", Map.of("cmd", "echo hi"),
        "result", Map.of("stdout", "hi", "stderr", "", "return_code", 0, "succeeded", true, "failed", false));
    params = Map.of("greeting", "hello; rm -rf ~", "target", "$(id)");
  }

  @Benchmark
  public String defaultResult() {
    return results.renderResult(null, execution, Map.of());
  }

  @Benchmark
  public String shellCommand() {
    return engine.renderShell("echo {{ greeting }} to {{ target }} | tr a-z A-Z", params);
  }
}
