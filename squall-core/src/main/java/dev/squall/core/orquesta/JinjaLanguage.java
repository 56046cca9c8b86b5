package dev.squall.core.orquesta;

import com.hubspot.jinjava.el.ext.NamedParameter;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.python.PythonRepr;
import dev.squall.core.template.TemplateEngine;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja ({@code {{ expr }}}, {@code {% block %}}) for orquesta, on the one template engine, in
 * strict mode (orquesta's {@code StrictUndefined}), with orquesta's functions as globals. A
 * string that is one expression yields the expression's value; otherwise each expression is
 * replaced by Python's {@code str()} of its value (block templates render as text).
 */
public final class JinjaLanguage implements ExpressionLanguage {

  private static final Pattern BLOCK = Pattern.compile("\\{%.*?%\\}");
  private static final Pattern RAW = Pattern.compile("\\{% raw %\\}.*?\\{% endraw %\\}");

  private final TemplateEngine engine;
  /** What st2kv() and task() read; null offline. */
  private final WorkflowRuntime runtime;

  /** Offline: st2kv() and task() fail, naming themselves. */
  public JinjaLanguage() {
    this(null);
  }

  JinjaLanguage(WorkflowRuntime runtime) {
    this.runtime = runtime;
    Map<String, Method> functions = new LinkedHashMap<>();
    for (Method m : Functions.class.getMethods()) {
      if (m.getDeclaringClass() == Functions.class) {
        functions.put(m.getName(), m);
      }
    }
    if (!functions.keySet().containsAll(St2Functions.FILTERS.keySet())) {
      throw new IllegalStateException("a StackStorm function has no Jinja global");
    }
    // orquesta makes every function a filter too: those named unlike their filter get the alias.
    Map<String, String> aliases = new LinkedHashMap<>();
    St2Functions.FILTERS.forEach((name, filter) -> {
      if (!name.equals(filter)) {
        aliases.put(name, filter);
      }
    });
    this.engine = new TemplateEngine(functions, aliases);
  }

  @Override
  public String type() {
    return "jinja";
  }

  @Override
  public Pattern statement() {
    return Expressions.JINJA_STATEMENT;
  }

  @Override
  public boolean has(String text) {
    return statement().matcher(text).find() || BLOCK.matcher(text).find();
  }

  @Override
  public List<Problem> validate(String text) {
    return engine.syntaxErrors(text).stream().map(message -> new Problem(text, message)).toList();
  }

  @Override
  public Object evaluate(String text, Map<String, Object> data) {
    if (RAW.matcher(text).find()) {
      return text;
    }
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("__vars", data);
    if (runtime != null) {
      ctx.put("__runtime", runtime);
    }
    try {
      if (BLOCK.matcher(text).find()) {
        Object out = engine.renderValueStrict(text + "\u0000", ctx);
        String rendered = String.valueOf(out);
        rendered = rendered.substring(0, rendered.length() - 1);
        return has(rendered) ? evaluate(rendered, data) : rendered;
      }
      List<String> exprs = new ArrayList<>();
      Matcher m = statement().matcher(text);
      while (m.find()) {
        exprs.add(m.group());
      }
      Object output = text;
      for (String expr : exprs) {
        Object result = engine.renderValueStrict(expr, ctx);
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
    } catch (BadRequestException e) {
      throw Expressions.failure("JinjaEvaluationException", "Unable to evaluate expression '"
          + text + "'. " + e.getMessage());
    }
  }

  /** Orquesta's functions for Jinja templates; each reads the data of the rendering. */
  public static final class Functions {

    private Functions() {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data() {
      Object vars = TemplateEngine.variable("__vars");
      return vars instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Object arg(Object[] args, int i) {
      return args != null && args.length > i ? args[i] : null;
    }

    public static Object ctx(Object... args) {
      return OrquestaFunctions.ctx(data(), arg(args, 0));
    }

    public static Object result() {
      return OrquestaFunctions.result(data());
    }

    public static boolean succeeded() {
      return OrquestaFunctions.succeeded(data());
    }

    public static boolean failed() {
      return OrquestaFunctions.failed(data());
    }

    public static boolean completed() {
      return OrquestaFunctions.completed(data());
    }

    public static String task_status(Object... args) {
      Object route = arg(args, 1);
      return OrquestaFunctions.taskStatus(data(), String.valueOf(arg(args, 0)),
          route instanceof Number n ? n.intValue() : null);
    }

    public static Object item(Object... args) {
      return OrquestaFunctions.item(data(), arg(args, 0));
    }

    public static Object json(Object s) {
      return OrquestaFunctions.json(s);
    }

    public static Object zip(Object... args) {
      return OrquestaFunctions.zip(Arrays.asList(args), null);
    }

    private static WorkflowRuntime runtime() {
      return TemplateEngine.variable("__runtime") instanceof WorkflowRuntime r ? r : null;
    }

    /** Positional arguments and keyword ones ({@code f(x, decrypt=true)}), as Python binds them. */
    private record Call(List<Object> args, Map<String, Object> kwargs) {
      static Call of(Object[] raw) {
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (Object a : raw == null ? new Object[0] : raw) {
          if (a instanceof NamedParameter p) {
            kwargs.put(p.getName(), p.getValue());
          } else {
            args.add(a);
          }
        }
        return new Call(args, kwargs);
      }
    }

    public static Object st2kv(Object... args) {
      Call c = Call.of(args);
      return St2Functions.st2kv(data(), runtime(), c.args(), c.kwargs());
    }

    public static Object task(Object... args) {
      Call c = Call.of(args);
      return St2Functions.task(data(), runtime(),
          c.args().isEmpty() ? c.kwargs().get("task_id") : c.args().getFirst(),
          c.args().size() > 1 ? c.args().get(1) : c.kwargs().get("route"));
    }

    private static Object st2(String name, Object[] args) {
      Call c = Call.of(args);
      return St2Functions.call(name, c.args(), c.kwargs());
    }

    // StackStorm's functions of st2common/expressions/functions, each the one implementation.

    public static Object basename(Object... a) {
      return st2("basename", a);
    }

    public static Object dirname(Object... a) {
      return st2("dirname", a);
    }

    public static Object from_json_string(Object... a) {
      return st2("from_json_string", a);
    }

    public static Object from_yaml_string(Object... a) {
      return st2("from_yaml_string", a);
    }

    public static Object json_dump(Object... a) {
      return st2("json_dump", a);
    }

    public static Object json_escape(Object... a) {
      return st2("json_escape", a);
    }

    public static Object json_parse(Object... a) {
      return st2("json_parse", a);
    }

    public static Object jsonpath_query(Object... a) {
      return st2("jsonpath_query", a);
    }

    public static Object regex_match(Object... a) {
      return st2("regex_match", a);
    }

    public static Object regex_replace(Object... a) {
      return st2("regex_replace", a);
    }

    public static Object regex_search(Object... a) {
      return st2("regex_search", a);
    }

    public static Object regex_substring(Object... a) {
      return st2("regex_substring", a);
    }

    public static Object to_human_time_from_seconds(Object... a) {
      return st2("to_human_time_from_seconds", a);
    }

    public static Object to_json_string(Object... a) {
      return st2("to_json_string", a);
    }

    public static Object to_yaml_string(Object... a) {
      return st2("to_yaml_string", a);
    }

    public static Object use_none(Object... a) {
      return st2("use_none", a);
    }

    public static Object version_compare(Object... a) {
      return st2("version_compare", a);
    }

    public static Object version_more_than(Object... a) {
      return st2("version_more_than", a);
    }

    public static Object version_less_than(Object... a) {
      return st2("version_less_than", a);
    }

    public static Object version_equal(Object... a) {
      return st2("version_equal", a);
    }

    public static Object version_match(Object... a) {
      return st2("version_match", a);
    }

    public static Object version_bump_major(Object... a) {
      return st2("version_bump_major", a);
    }

    public static Object version_bump_minor(Object... a) {
      return st2("version_bump_minor", a);
    }

    public static Object version_bump_patch(Object... a) {
      return st2("version_bump_patch", a);
    }

    public static Object version_strip_patch(Object... a) {
      return st2("version_strip_patch", a);
    }

    public static Object yaml_dump(Object... a) {
      return st2("yaml_dump", a);
    }

    public static Object yaml_parse(Object... a) {
      return st2("yaml_parse", a);
    }
  }
}
