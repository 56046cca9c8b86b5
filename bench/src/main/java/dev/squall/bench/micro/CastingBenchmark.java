package dev.squall.bench.micro;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.ParameterSpecs;
import dev.squall.core.action.Runners;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Checking and casting a chat command's string values to an action's declared types. */
@State(Scope.Benchmark)
public class CastingBenchmark {

  private ParameterSchema schema;
  private Map<String, Object> given;

  @Setup
  public void build() {
    Map<String, Object> decl = new LinkedHashMap<>();
    decl.put("host", Map.of("type", "string", "required", true));
    decl.put("count", Map.of("type", "integer", "default", 1));
    decl.put("ratio", Map.of("type", "number"));
    decl.put("force", Map.of("type", "boolean", "default", false));
    decl.put("tags", Map.of("type", "array", "items", Map.of("type", "string")));
    decl.put("stage", Map.of("type", "string", "enum", java.util.List.of("dev", "staging", "prod")));
    ActionDef action = new ActionDef("bench", "cast", "", "local-shell-cmd", "", true,
        ParameterSpecs.ofAll(decl), Map.of(), null, null);
    schema = ParameterSchema.of(Runners.find("local-shell-cmd").orElseThrow(), action);
    given = Map.of("host", "web-1", "count", "5", "ratio", "0.75", "force", "yes",
        "tags", "a,b,c", "stage", "prod", "cmd", "uptime");
  }

  @Benchmark
  public Map<String, Object> validateAndCast() {
    return schema.validateAndCast(given);
  }
}
