package dev.squall.core.orquesta;

import dev.squall.core.error.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orquesta's expression layer ({@code orquesta/expressions/base.py}): strings are evaluated by
 * the language whose delimiters they hold, maps (keys and values) and lists recursively, other
 * values are returned as they are. One string may not mix languages.
 */
public final class Expressions {

  static final Pattern YAQL_STATEMENT = Pattern.compile("<%.*?%>");
  static final Pattern JINJA_STATEMENT = Pattern.compile("\\{\\{.*?\\}\\}");

  /** The with-items pattern: one expression, or {@code x, y in <expression>}. */
  static final Pattern ITEMS;

  static {
    String expr = JINJA_STATEMENT.pattern() + "|" + YAQL_STATEMENT.pattern();
    ITEMS = Pattern.compile("^(\\s+)?(" + expr + ")(\\s+)?$|^(\\s+)?((\\w+,\\s?|\\s+)+)?(\\w+)\\s+in\\s+("
        + expr + ")(\\s+)?$");
  }

  // Orquesta finds the variables a statement reads with regular expressions, not a parser.
  private static final String REF = "[\\]\\[a-zA-Z0-9_'\"\\.()]*";
  private static final Pattern CTX_REF = Pattern.compile("\\bctx\\(['\"]?" + REF + "['\"]?\\)\\.?" + REF);
  private static final String VAR = "[a-zA-Z0-9_-]+";
  private static final List<Pattern> VAR_EXTRACTS = List.of(
      Pattern.compile("(?<=\\bctx\\(\\)\\.)(" + VAR + ")\\b(?!\\()\\.?"),
      Pattern.compile("(?:\\bctx\\((" + VAR + ")\\))"),
      Pattern.compile("(?:\\bctx\\('(" + VAR + ")'\\))"),
      Pattern.compile("(?:\\bctx\\(\"(" + VAR + ")\"\\))"));

  private final List<ExpressionLanguage> languages;

  public Expressions(List<ExpressionLanguage> languages) {
    this.languages = List.copyOf(languages);
  }

  /**
   * Orquesta's two languages, Jinja and YAQL, offline: StackStorm's {@code st2kv()} and
   * {@code task()} fail with an error naming them (inspection, rehearsal). Build one and share it
   * (thread-safe).
   */
  public static Expressions standard() {
    return new Expressions(List.of(new JinjaLanguage(), new YaqlLanguage()));
  }

  /** Orquesta's two languages on a live server, whose {@code runtime} {@code st2kv()} and {@code task()} read. */
  public static Expressions standard(WorkflowRuntime runtime) {
    java.util.Objects.requireNonNull(runtime);
    return new Expressions(List.of(new JinjaLanguage(runtime), new YaqlLanguage(runtime)));
  }

  /** Evaluates {@code statement} (string, map, list or other value) against {@code data}. */
  public Object evaluate(Object statement, Map<String, Object> data) {
    return switch (statement) {
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(evaluate(k, data)), evaluate(v, data)));
        yield out;
      }
      case List<?> list -> {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(v -> out.add(evaluate(v, data)));
        yield out;
      }
      case String s -> {
        for (ExpressionLanguage language : languages) {
          if (language.has(s)) {
            yield language.evaluate(s, data);
          }
        }
        yield s;
      }
      case null, default -> statement;
    };
  }

  /** Whether {@code text} holds any expression. */
  public boolean hasExpressions(String text) {
    return languages.stream().anyMatch(l -> l.has(text));
  }

  /** Problems with the expressions in {@code statement}: syntax, or mixed languages. */
  public List<InspectionError> validate(Object statement, String specPath, String schemaPath) {
    List<InspectionError> errors = new ArrayList<>();
    switch (statement) {
      case Map<?, ?> map -> map.forEach((k, v) -> {
        errors.addAll(validate(k, specPath, schemaPath));
        errors.addAll(validate(v, specPath, schemaPath));
      });
      case List<?> list -> list.forEach(v -> errors.addAll(validate(v, specPath, schemaPath)));
      case String s -> {
        List<ExpressionLanguage> found = languages.stream().filter(l -> l.has(s)).toList();
        if (found.size() > 1) {
          errors.add(new InspectionError("expressions", null, s,
              "Expression with multiple types is not supported.", specPath, schemaPath, 0));
        } else if (found.size() == 1) {
          for (ExpressionLanguage.Problem p : found.getFirst().validate(s)) {
            errors.add(new InspectionError("expressions", found.getFirst().type(), p.expression(),
                p.message(), specPath, schemaPath, 0));
          }
        }
      }
      case null, default -> { }
    }
    return errors;
  }

  /** A context variable a statement reads: the language, the whole statement, the name. */
  record VarRef(String type, String statement, String name) {}

  /** The context variables {@code statement} reads through {@code ctx(...)}, sorted by name. */
  List<VarRef> extractVars(Object statement) {
    List<VarRef> out = new ArrayList<>();
    switch (statement) {
      case Map<?, ?> map -> map.forEach((k, v) -> {
        out.addAll(extractVars(k));
        out.addAll(extractVars(v));
      });
      case List<?> list -> list.forEach(v -> out.addAll(extractVars(v)));
      case String s -> {
        for (ExpressionLanguage language : languages) {
          TreeSet<String> refs = new TreeSet<>();
          Matcher m = language.statement().matcher(s);
          while (m.find()) {
            String expr = strip(m.group());
            Matcher r = CTX_REF.matcher(expr);
            while (r.find()) {
              refs.add(r.group().strip());
            }
          }
          for (String ref : refs) {
            for (Pattern extract : VAR_EXTRACTS) {
              Matcher v = extract.matcher(ref);
              String name = v.find() ? v.group(1) : "";
              if (!name.isEmpty()) {
                out.add(new VarRef(language.type(), s, name));
              }
            }
          }
        }
      }
      case null, default -> { }
    }
    return out.stream().distinct().sorted(java.util.Comparator.comparing(VarRef::name)).toList();
  }

  /** {@code <% x %>} → {@code x}, {@code {{ x }}} → {@code x}. */
  static String strip(String expr) {
    String s = expr;
    if (s.startsWith("<%") || s.startsWith("{{")) {
      s = s.substring(2);
    }
    if (s.endsWith("%>") || s.endsWith("}}")) {
      s = s.substring(0, s.length() - 2);
    }
    return s.strip();
  }

  /** The error orquesta raises for an expression that fails, with its Python type name. */
  static BadRequestException failure(String type, String message) {
    return new BadRequestException(type + ": " + message);
  }
}
