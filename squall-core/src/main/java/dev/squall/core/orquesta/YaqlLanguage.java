package dev.squall.core.orquesta;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.python.PythonRepr;
import dev.squall.core.yaql.Yaql;
import dev.squall.core.yaql.YaqlException;
import dev.squall.core.yaql.YaqlExpression;
import dev.squall.core.yaql.YaqlFunction;
import dev.squall.core.yaql.YaqlFunctions;
import dev.squall.core.yaql.YaqlKeyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * YAQL ({@code <% expr %>}) for orquesta, on {@link Yaql}, with orquesta's functions added
 * ({@code ctx()}, {@code result()}, {@code succeeded()}...). Parsed expressions are cached.
 * Thread-safe.
 */
public final class YaqlLanguage implements ExpressionLanguage {

  private static final int CACHE_LIMIT = 10_000;

  private final Map<String, YaqlExpression> parsed = new ConcurrentHashMap<>();
  private final YaqlFunctions standard;
  /** What st2kv() and task() read; null offline. */
  private final WorkflowRuntime runtime;

  /** Offline: st2kv() and task() fail, naming themselves. */
  public YaqlLanguage() {
    this(null);
  }

  YaqlLanguage(WorkflowRuntime runtime) {
    this.runtime = runtime;
    Map<String, YaqlFunction> st2 = new java.util.HashMap<>();
    for (String name : St2Functions.FILTERS.keySet()) {
      st2.put(name, (args, call) -> St2Functions.call(name, args, call.named()));
    }
    this.standard = YaqlFunctions.standard().withAll(st2);
  }

  @Override
  public String type() {
    return "yaql";
  }

  @Override
  public Pattern statement() {
    return Expressions.YAQL_STATEMENT;
  }

  @Override
  public List<Problem> validate(String text) {
    List<Problem> out = new ArrayList<>();
    Matcher m = statement().matcher(text);
    while (m.find()) {
      try {
        parse(Expressions.strip(m.group()));
      } catch (YaqlException e) {
        out.add(new Problem(m.group(), e.getMessage()));
      }
    }
    return out;
  }

  private YaqlExpression parse(String source) {
    YaqlExpression e = parsed.get(source);
    if (e == null) {
      e = Yaql.parse(source);
      if (parsed.size() < CACHE_LIMIT) {
        parsed.put(source, e);
      }
    }
    return e;
  }

  @Override
  public Object evaluate(String text, Map<String, Object> data) {
    List<String> exprs = new ArrayList<>();
    Matcher m = statement().matcher(text);
    while (m.find()) {
      exprs.add(m.group());
    }
    YaqlFunctions fns = functions(data);
    Object output = text;
    for (String expr : exprs) {
      Object result;
      try {
        result = parse(Expressions.strip(expr)).evaluate(data, fns);
      } catch (YaqlKeyException e) {
        throw Expressions.failure("YaqlEvaluationException", "Unable to resolve key '" + e.key()
            + "' in expression '" + expr + "' from context.");
      } catch (YaqlException e) {
        throw Expressions.failure("YaqlEvaluationException", "Unable to evaluate expression '"
            + expr + "'. " + e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (BadRequestException e) {
        throw Expressions.failure("YaqlEvaluationException", "Unable to evaluate expression '"
            + expr + "'. " + e.getMessage());
      }
      if (result instanceof String s && has(s)) {
        result = evaluate(s, data);
      }
      String current = String.valueOf(output);
      if (exprs.size() > 1 || current.length() > expr.length()) {
        output = current.replace(expr, PythonRepr.str(result));
      } else {
        output = result;
      }
    }
    return output;
  }

  @SuppressWarnings("unchecked")
  private YaqlFunctions functions(Map<String, Object> data) {
    return standard
        .with("ctx", (args, call) -> OrquestaFunctions.ctx(data, args.isEmpty() ? null : args.getFirst()))
        .with("result", (args, call) -> OrquestaFunctions.result(data))
        .with("succeeded", (args, call) -> OrquestaFunctions.succeeded(data))
        .with("failed", (args, call) -> OrquestaFunctions.failed(data))
        .with("completed", (args, call) -> OrquestaFunctions.completed(data))
        .with("task_status", (args, call) -> OrquestaFunctions.taskStatus(data,
            String.valueOf(args.getFirst()),
            args.size() > 1 && args.get(1) instanceof Number n ? n.intValue() : null))
        .with("item", (args, call) -> OrquestaFunctions.item(data, args.isEmpty() ? null : args.getFirst()))
        .with("json", (args, call) -> OrquestaFunctions.json(args.isEmpty() ? null : args.getFirst()))
        .with("zip", (args, call) -> OrquestaFunctions.zip(args, call.named().get("pad")))
        .with("st2kv", (args, call) -> St2Functions.st2kv(data, runtime, args, call.named()))
        .with("task", (args, call) -> St2Functions.task(data, runtime,
            args.isEmpty() ? call.named().get("task_id") : args.getFirst(),
            args.size() > 1 ? args.get(1) : call.named().get("route")));
  }
}
