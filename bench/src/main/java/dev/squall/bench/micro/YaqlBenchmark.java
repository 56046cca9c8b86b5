package dev.squall.bench.micro;

import dev.squall.core.yaql.Yaql;
import dev.squall.core.yaql.YaqlExpression;
import dev.squall.core.yaql.YaqlFunctions;
import dev.squall.core.yaql.YaqlTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * YAQL on a workflow's hot paths: a transition's {@code when} (parsed once), a query over 100
 * records, and a {@code <% %>} template parsed and evaluated from its text each time.
 */
@State(Scope.Benchmark)
public class YaqlBenchmark {

  private YaqlFunctions functions;
  private YaqlExpression when;
  private YaqlExpression query;

  @Setup
  public void build() {
    List<Object> vms = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      vms.add(Map.of("name", "vm" + i, "role", i % 3 == 0 ? "db" : "web"));
    }
    Map<String, Object> ctx = Map.of("vms", vms, "n", 2L);
    Map<String, Object> result = Map.of("state", "done", "code", 0L);
    functions = YaqlFunctions.standard()
        .with("ctx", (args, call) -> args.isEmpty() ? ctx : ctx.get(args.get(0)))
        .with("result", (args, call) -> result)
        .with("succeeded", (args, call) -> true);
    when = Yaql.parse("succeeded() and result().state = \"done\" and result().code = 0");
    query = Yaql.parse("ctx(vms).where($.role = 'db').select($.name).orderBy($).first()");
  }

  @Benchmark
  public Object transitionWhen() {
    return when.evaluate(null, functions);
  }

  @Benchmark
  public Object queryOver100() {
    return query.evaluate(null, functions);
  }

  @Benchmark
  public Object templateFromText() {
    return YaqlTemplates.render("host-<% ctx().n + 1 %>.example.org", null, functions);
  }
}
