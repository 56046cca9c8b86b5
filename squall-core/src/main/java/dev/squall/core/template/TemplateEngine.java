package dev.squall.core.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import dev.squall.core.error.BadRequestException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one template engine: Jinjava configured like StackStorm's Jinja environment ({@code
 * trim_blocks}, {@code lstrip_blocks}, StackStorm's filters, Python-style printing of values) and
 * made safe for hostile input: a value is never rendered again after substitution (no template
 * injection through parameters), and a template that runs away (huge output, deep recursion,
 * endless loops) is stopped with a {@link BadRequestException}.
 *
 * <p>Thread-safe; build one and share it.
 */
public final class TemplateEngine {

  /** Largest output, in characters, one rendering may produce. */
  public static final long MAX_OUTPUT_CHARS = 1_000_000;

  private final Jinjava jinjava;
  private final JinjavaConfig lenient;
  private final JinjavaConfig strict;
  private final SecureRandom nonces = new SecureRandom();

  public TemplateEngine() {
    this.lenient = config(false);
    this.strict = config(true);
    this.jinjava = new Jinjava(lenient);
    StackStormFilters.all().forEach(jinjava::registerFilter);
    jinjava.registerTag(new BudgetedForTag());
    // Templates come from packs and aliases, never from files: include, import and extends must
    // not read the class path or the file system (Jinjava's default locator reads the class path).
    jinjava.setResourceLocator((name, charset, interpreter) -> {
      throw new ResourceNotFoundException("templates cannot include other files (" + name + ")");
    });
  }

  /**
   * An engine whose templates may also call {@code functions}: public static methods by the name
   * templates call them ({@code ctx('x')}). A function reads the rendering's variables through
   * {@link #variable(String)}.
   */
  public TemplateEngine(Map<String, java.lang.reflect.Method> functions) {
    this(functions, Map.of());
  }

  /**
   * {@link #TemplateEngine(Map)} where templates may also use StackStorm's filters under other
   * names: {@code filterAliases} maps each alias to the filter it names.
   */
  public TemplateEngine(Map<String, java.lang.reflect.Method> functions, Map<String, String> filterAliases) {
    this();
    functions.forEach((name, method) -> jinjava.getGlobalContext()
        .registerFunction(new com.hubspot.jinjava.lib.fn.ELFunctionDefinition("", name, method)));
    filterAliases.forEach((alias, of) -> jinjava.registerFilter(StackStormFilters.alias(alias, of)));
  }

  /** The syntax errors of {@code template} (unbalanced tags, unknown blocks), without rendering it. */
  public List<String> syntaxErrors(String template) {
    JinjavaInterpreter interpreter = jinjava.newInterpreter();
    interpreter.parse(lstripBlocks(template));
    return interpreter.getErrors().stream()
        .filter(e -> e.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR)
        .map(TemplateEngine::describe).toList();
  }

  /** A variable of the rendering in progress on this thread (for functions), or null. */
  public static Object variable(String name) {
    JinjavaInterpreter current = JinjavaInterpreter.getCurrent();
    return current == null ? null : current.getContext().get(name);
  }

  private static JinjavaConfig config(boolean failOnUndefined) {
    return JinjavaConfig.newBuilder()
        .withNestedInterpretationEnabled(false)
        .withElResolver(Python2DictMethods.before(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY))
        .withTrimBlocks(true)
        // Jinjava's lstrip_blocks also strips spaces before a tag in mid-line ("{{ x }} {% endfor %}"
        // loses its space); Jinja's rule is applied to the source instead, see lstripBlocks().
        .withLstripBlocks(false)
        .withFailOnUnknownTokens(failOnUndefined)
        .withMaxOutputSize(MAX_OUTPUT_CHARS)
        .withMaxStringLength(MAX_OUTPUT_CHARS)
        .withMaxRenderDepth(10)
        .withMaxListSize(100_000)
        .withMaxMapSize(100_000)
        .withRangeLimit(10_000)
        .withEnableRecursiveMacroCalls(true)
        .withMaxMacroRecursionDepth(50)
        .withLegacyOverrides(LegacyOverrides.newBuilder()
            .withUsePyishObjectMapper(true)
            .withIterateOverMapKeys(true)
            .withEvaluateMapKeys(true)
            .withUseNaturalOperatorPrecedence(true)
            .withKeepNullableLoopValues(true)
            .build())
        .build();
  }

  /** Renders leniently: an undefined variable prints as "" (StackStorm's default). */
  public String render(String template, Map<String, ?> context) {
    return renderText(template, context, Mode.LENIENT);
  }

  /**
   * Renders strictly, as StackStorm renders alias acks ({@code StrictUndefined}): an undefined
   * variable is a {@link BadRequestException} naming it.
   */
  public String renderStrict(String template, Map<String, ?> context) {
    return renderText(template, context, Mode.STRICT);
  }

  /**
   * Renders leniently about missing keys ({@code {{ action_results.missing }}} prints ""), but a
   * name that is not in {@code context} at all is a {@link BadRequestException} naming it and
   * the names there are: a typo such as {@code {{ status }}} in a notify message would otherwise
   * print nothing, and nobody would know why.
   */
  public String renderKnownNames(String template, Map<String, ?> context) {
    return (String) renderString(template, context, Mode.LENIENT, unknownName(context), Set.of(), false);
  }

  /** {@link #renderValue} with the rule of {@link #renderKnownNames}. */
  public Object renderValueKnownNames(Object value, Map<String, ?> context) {
    return renderValue(value, context, Mode.LENIENT, unknownName(context), Set.of());
  }

  /** Names Jinja defines itself, which Jinjava looks up like variables. */
  private static final Set<String> JINJA_NAMES = Set.of("none", "None", "true", "True", "false",
      "False", "loop", "caller", "self", "varargs", "kwargs");

  /** Whether a scope of the rendering binds {@code name} to None (a macro argument's default). */
  private static boolean boundToNull(String name) {
    JinjavaInterpreter current = JinjavaInterpreter.getCurrent();
    for (Context c = current == null ? null : current.getContext(); c != null; c = c.getParent()) {
      if (c.getScope().containsKey(name)) {
        return true;
      }
    }
    return false;
  }

  private static Function<String, Object> unknownName(Map<String, ?> context) {
    String known = String.join(", ", new java.util.TreeSet<>(context.keySet()));
    return name -> {
      if (JINJA_NAMES.contains(name) || boundToNull(name)) {
        return null;
      }
      throw new BadRequestException("'" + name + "' is undefined; the variables here are: " + known);
    };
  }

  /**
   * Renders a shell command line (DESIGN divergence 9): the output of every {@code {{ expr }}} is
   * escaped for the quoting context it lands in, so a value is always exactly its own text and can
   * never add a word, a pipe or a subshell. Unquoted, it becomes one POSIX single-quoted word
   * ({@code echo {{ text }}} with {@code a; rm -rf ~} gives {@code echo 'a; rm -rf ~'}); inside
   * {@code "…"} or {@code '…'} it is escaped for those quotes. {@code {{ expr | safe }}} opts out:
   * the author vouches for that text as shell syntax. Lenient about undefined variables.
   */
  public String renderShell(String template, Map<String, ?> context) {
    return renderText(template, context, Mode.LENIENT_SHELL);
  }

  /**
   * Renders every string inside {@code value} (maps and lists recursively; keys stay as they are).
   * A string that is exactly one {@code {{ expr }}} keeps the expression's own value when it is
   * not a string ({@code "{{ count }}"} gives the number, {@code "{{ hosts }}"} the list), which is
   * what StackStorm's {@code to_complex} rewriting and type casting achieve.
   */
  public Object renderValue(Object value, Map<String, ?> context) {
    return renderValue(value, context, Mode.LENIENT, null);
  }

  /** {@link #renderValue} with undefined variables as errors. */
  public Object renderValueStrict(Object value, Map<String, ?> context) {
    return renderValue(value, context, Mode.STRICT, null);
  }

  /** Whether {@code value} holds template syntax ({@code {{} or {@code {%}), as StackStorm tests. */
  public static boolean isTemplate(Object value) {
    return switch (value) {
      case String s -> s.contains("{{") || s.contains("{%");
      case Map<?, ?> m -> m.values().stream().anyMatch(TemplateEngine::isTemplate);
      case List<?> l -> l.stream().anyMatch(TemplateEngine::isTemplate);
      case null, default -> false;
    };
  }

  enum Mode {
    LENIENT(false, false), STRICT(true, false), LENIENT_SHELL(false, true);

    final boolean strict;
    final boolean shell;

    Mode(boolean strict, boolean shell) {
      this.strict = strict;
      this.shell = shell;
    }
  }

  private String renderText(String template, Map<String, ?> context, Mode mode) {
    return (String) renderString(template, context, mode, null, Set.of(), false);
  }

  private Object renderValue(Object value, Map<String, ?> context, Mode mode,
      Function<String, Object> resolver) {
    return renderValue(value, context, mode, resolver, Set.of());
  }

  /**
   * @param resolver supplies variables the context lacks (parameters rendered on demand); an
   *     exception it throws aborts the rendering and is rethrown as is
   * @param trusted values (by identity) that shell mode inserts as shell text, unquoted: text the
   *     action's author wrote, not text a user typed
   */
  Object renderValue(Object value, Map<String, ?> context, Mode mode,
      Function<String, Object> resolver, Set<Object> trusted) {
    return switch (value) {
      case String s when isTemplate(s) -> renderString(s, context, mode, resolver, trusted, true);
      case Map<?, ?> map -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, renderValue(v, context, mode, resolver, trusted)));
        yield out;
      }
      case List<?> list -> {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(renderValue(v, context, mode, resolver, trusted)));
        yield out;
      }
      case null, default -> value;
    };
  }

  /** With {@code keepTypes}, a lone {@code {{ expr }}} yields the expression's value as it is. */
  private Object renderString(String template, Map<String, ?> context, Mode mode,
      Function<String, Object> resolver, Set<Object> trusted, boolean keepTypes) {
    String source = lstripBlocks(mode.shell ? ShellSubstitution.stripMarkers(template) : template);
    return run(context, mode, resolver, trusted, interpreter -> {
      Node root = interpreter.parse(source);
      if (interpreter.getErrors().isEmpty() && root.getChildren().size() == 1
          && root.getChildren().getFirst() instanceof ExpressionNode node
          && keepTypes && !mode.shell) {
        ExpressionToken token = (ExpressionToken) node.getMaster();
        return plain(interpreter.resolveELExpression(token.getExpr(), token.getLineNumber()));
      }
      return interpreter.render(root);
    });
  }

  /** The rendering's top scope; an unknown filter is an error, as in Jinja (Jinjava ignores it). */
  private static final class Scope extends Context {
    Scope(Context parent, Map<String, ?> bindings, Map<Library, Set<String>> disabled) {
      super(parent, bindings, disabled);
    }

    @Override
    public Filter getFilter(String name) {
      Filter filter = super.getFilter(name);
      if (filter == null) {
        throw new InterpretException("No filter named '" + name + "'");
      }
      return filter;
    }
  }

  /** Copies Jinjava's own collection types (size-limited maps and lists) to plain ones. */
  private static Object plain(Object value) {
    return switch (value) {
      case SafeString s -> s.getValue();
      case Map<?, ?> map -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(plain(k), plain(v)));
        yield out;
      }
      case List<?> list -> {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(plain(v)));
        yield out;
      }
      case null, default -> value;
    };
  }

  private static final Pattern LSTRIP = Pattern.compile("(?m)^[ \\t]+(?=\\{%(?!\\+))");

  /**
   * Jinja's {@code lstrip_blocks}: spaces and tabs from the start of a line up to a block tag
   * ({@code {%}, not {@code {%+}) are dropped; whitespace elsewhere is kept.
   */
  static String lstripBlocks(String template) {
    return template.indexOf('{') < 0 ? template : LSTRIP.matcher(template).replaceAll("");
  }

  private Object run(Map<String, ?> context, Mode mode, Function<String, Object> resolver,
      Set<Object> trusted, Function<RenderState, Object> work) {
    JinjavaConfig config = mode.strict ? strict : lenient;
    Context global = jinjava.newInterpreter().getContext();
    Context scope = new Scope(global, context == null ? Map.of() : new HashMap<>(context),
        config.getDisabled());
    scope.setExpressionStrategy(mode.shell ? OutputStrategy.SHELL : OutputStrategy.PLAIN);
    RuntimeException[] resolverFailure = new RuntimeException[1];
    if (resolver != null) {
      scope.setDynamicVariableResolver(name -> {
        if (resolverFailure[0] != null) {
          return null;
        }
        try {
          return resolver.apply(name);
        } catch (RuntimeException e) {
          resolverFailure[0] = e;
          return null;
        }
      });
    }
    RenderState interpreter = new RenderState(jinjava, scope, config, trusted, nonces.nextLong());
    JinjavaInterpreter.pushCurrent(interpreter);
    Object result;
    try {
      result = work.apply(interpreter);
    } catch (RenderState.Exceeded e) {
      throw new BadRequestException(e.getMessage());
    } catch (UnknownTokenException e) {
      throw new BadRequestException(
          "'" + e.getToken() + "' is undefined (line " + e.getLineNumber() + ")", e);
    } catch (RuntimeException e) {
      if (resolverFailure[0] != null) {
        throw resolverFailure[0];
      }
      throw new BadRequestException("Template error: " + describe(e), e);
    } finally {
      JinjavaInterpreter.popCurrent();
    }
    if (resolverFailure[0] != null) {
      throw resolverFailure[0];
    }
    if (interpreter.exceeded() != null) {
      throw new BadRequestException(interpreter.exceeded().getMessage());
    }
    for (TemplateError error : interpreter.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL
          || "CYCLE_DETECTED".equals(String.valueOf(error.getCategory()))) {
        throw new BadRequestException(describe(error));
      }
    }
    return mode.shell && result instanceof String text ? interpreter.substitute(text) : result;
  }

  private static String describe(TemplateError error) {
    String where = " (line " + error.getLineno() + ")";
    if (error.getException() instanceof UnknownTokenException unknown) {
      return "'" + unknown.getToken() + "' is undefined" + where;
    }
    // Jinjava prefixes nested causes with Java class names, which mean nothing to a pack author.
    String message = error.getMessage() == null ? null
        : error.getMessage().replaceAll("\\b(?:[a-z]\\w*\\.)*[A-Z]\\w*Exception: ", "");
    // A function's own error (an orquesta function's, e.g. st2kv()'s missing key) says what went wrong.
    for (Throwable t = error.getException(); t != null && message != null; t = t.getCause()) {
      if (t instanceof BadRequestException bad) {
        message = message + ": " + bad.getMessage();
        break;
      }
    }
    String unknownPrefix = "Unknown token found: ";
    if (message != null && message.startsWith(unknownPrefix)) {
      return "'" + message.substring(unknownPrefix.length()).strip() + "' is undefined" + where;
    }
    return switch (error.getReason()) {
      case SYNTAX_ERROR -> "Template syntax error" + where + ": " + message;
      case OUTPUT_TOO_BIG, COLLECTION_TOO_BIG, OVER_LIMIT ->
          "Template stopped: " + message + where;
      default -> "Template error" + where + ": " + message;
    };
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
