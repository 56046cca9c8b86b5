package dev.squall.core.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.corpus.StackStormCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The expressions real orquesta workflows contain parse, and those of the conformance cases evaluate. */
class YaqlWorkflowExpressionsTest {

  private static List<String> lines() throws IOException {
    try (InputStream in = YaqlWorkflowExpressionsTest.class.getResourceAsStream("/yaql/workflow-expressions.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .toList();
    }
  }

  @Test
  void everyWorkflowExpressionParsesAsYaqlDecides() throws IOException {
    List<String> lines = lines();
    assertThat(lines).hasSizeGreaterThan(150);
    for (String line : lines) {
      if (line.startsWith("!")) {
        assertThatThrownBy(() -> Yaql.parse(line.substring(1))).as(line).isInstanceOf(YaqlSyntaxException.class);
      } else {
        assertThat(Yaql.parse(line)).as(line).isNotNull();
      }
    }
  }

  @Test
  void everySpanOfTheCorpusWorkflowsParses() throws IOException {
    Path corpus = StackStormCorpus.require();
    List<String> broken = new ArrayList<>();
    int spans = 0;
    try (Stream<Path> files = Files.walk(corpus)) {
      for (Path f : files.filter(p -> p.toString().matches(".*/actions/.*\\.ya?ml")).toList()) {
        String text = Files.readString(f);
        spans += YaqlTemplates.spans(text).size();
        YaqlTemplates.validate(text).forEach(e -> broken.add(corpus.relativize(f) + ": " + e.getMessage()));
      }
    }
    assertThat(spans).isGreaterThan(100);
    assertThat(broken).isEmpty();
  }

  /** orquesta's expression functions, as a caller registers them, over one task's context. */
  private static YaqlFunctions orquesta(Map<String, Object> vars, Map<String, Object> task, Object item) {
    return YaqlFunctions.standard()
        .with("ctx", (args, call) -> {
          if (args.isEmpty()) {
            return vars;
          }
          String name = (String) args.get(0);
          if (!vars.containsKey(name)) {
            throw new YaqlException("The variable \"" + name + "\" is undefined.");
          }
          return vars.get(name);
        })
        .with("result", (args, call) -> task.get("result"))
        .with("succeeded", (args, call) -> "succeeded".equals(task.get("status")))
        .with("failed", (args, call) -> "failed".equals(task.get("status")))
        .with("completed", (args, call) -> List.of("succeeded", "failed").contains(task.get("status")))
        .with("item", (args, call) -> args.isEmpty() ? item : ((Map<?, ?>) item).get(args.get(0)))
        .with("zip", (args, call) -> {
          List<Object> out = new ArrayList<>();
          int n = args.stream().mapToInt(a -> ((List<?>) a).size()).max().orElse(0);
          for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (Object a : args) {
              row.add(i < ((List<?>) a).size() ? ((List<?>) a).get(i) : null);
            }
            out.add(row);
          }
          return out;
        });
  }

  @Test
  void theConformanceCasesExpressionsEvaluate() {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("greeting", "hello");
    vars.put("which", "c");
    vars.put("env", "prod");
    vars.put("a", Map.of("y", 2L));
    vars.put("b", false);
    vars.put("members", List.of("Lakshmi", "Lindsay", "Tomaz"));
    vars.put("messages", List.of("a", "b"));
    vars.put("max", 3L);
    Map<String, Object> task = new HashMap<>();
    task.put("status", "succeeded");
    task.put("result", Map.of("state", "done", "a", Map.of("b", 7L)));
    YaqlFunctions fns = orquesta(vars, task, Map.of("member", "Tomaz", "message", "x"));

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("ctx(\"greeting\")", "hello");
    expected.put("ctx('greeting')", "hello");
    expected.put("ctx().greeting", "hello");
    expected.put("ctx().max", 3L);
    expected.put("ctx(a).y", 2L);
    expected.put("ctx(env) != \"prod\"", false);
    expected.put("ctx(env) = \"prod\"", true);
    expected.put("succeeded() and ctx().which = \"a\"", false);
    expected.put("succeeded() and ctx(a)", Map.of("y", 2L));
    expected.put("succeeded() and ctx(b)", false);
    expected.put("succeeded() and not ctx().which in list(a, b)", true);
    expected.put("succeeded() and result().state != \"done\"", false);
    expected.put("succeeded() and result().state = \"done\"", true);
    expected.put("result().a.b", 7L);
    expected.put("completed()", true);
    expected.put("failed()", false);
    expected.put("item(member)", "Tomaz");
    expected.put("zip(ctx(members), ctx(messages))",
        List.of(List.of("Lakshmi", "a"), List.of("Lindsay", "b"), java.util.Arrays.asList("Tomaz", null)));
    expected.forEach((expr, value) -> assertThat(Yaql.evaluate(expr, null, fns)).as(expr).isEqualTo(value));

    assertThat(Yaql.evaluate("ctx()", null, fns)).isEqualTo(vars);
    assertThatThrownBy(() -> Yaql.evaluate("ctx(nothing_here)", null, fns)).hasMessageContaining("nothing_here");
    assertThatThrownBy(() -> Yaql.evaluate("ctx().nothing_here", null, fns)).isInstanceOf(YaqlKeyException.class);
  }

  @Test
  void theCorpusQueriesEvaluate() {
    Map<String, Object> task1 = Map.of("result", Map.of("items", List.of(
        Map.of("result", Map.of("stdout", "one")), Map.of("result", Map.of("stdout", "two")))));
    YaqlFunctions fns = YaqlFunctions.standard()
        .with("task", (args, call) -> task1)
        .with("ctx", (args, call) -> Map.of("conflict_list", List.of(), "dependency_list", List.of("x")));
    assertThat(Yaql.evaluate("task(task1).result.items.select($.result.stdout)", null, fns))
        .isEqualTo(List.of("one", "two"));
    assertThat(Yaql.evaluate("not ctx().conflict_list and ctx().dependency_list", null, fns)).isEqualTo(List.of("x"));
    assertThat(Yaql.evaluate("str(random(1000000, 9999999)).len()", null, fns)).isEqualTo(7L);
  }
}
