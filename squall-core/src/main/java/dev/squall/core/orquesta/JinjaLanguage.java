package dev.squall.core.orquesta;

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

  public JinjaLanguage() {
    Map<String, Method> functions = new LinkedHashMap<>();
    for (Method m : Functions.class.getMethods()) {
      if (m.getDeclaringClass() == Functions.class) {
        functions.put(m.getName().equals("task_status") ? "task_status" : m.getName(), m);
      }
    }
    this.engine = new TemplateEngine(functions);
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
  }
}
