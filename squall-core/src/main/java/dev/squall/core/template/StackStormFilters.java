package dev.squall.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ObjectTruthValue;
import com.hubspot.jinjava.objects.SafeString;
import dev.squall.core.regex.BoundedCharSequence;
import dev.squall.core.regex.PythonRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * StackStorm's custom Jinja filters ({@code st2common/util/jinja.py#get_filters}), with the
 * argument names and defaults of their Python signatures so that keyword arguments work too
 * ({@code regex_replace('a', 'b', ignorecase=True)}).
 */
final class StackStormFilters {

  /** What {@code use_none} turns None into, so that None survives rendering to text. */
  static final String NONE_MAGIC_VALUE = "%*****__%NONE%__*****%";

  /** Character reads allowed per regex match attempt; far beyond any sane pattern on chat-sized text. */
  private static final long MAX_REGEX_STEPS = 5_000_000;

  private StackStormFilters() {}

  /** The filters, built once: each is stateless. */
  private static final List<Filter> ALL = build();

  static List<Filter> all() {
    return ALL;
  }

  /** The filter {@code name} among those that take a value and arguments only, or null. */
  static Filter named(String name) {
    for (Filter f : ALL) {
      if (f instanceof NamedFilter n && n.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** The filter {@code of} under another name (orquesta's {@code json_dump} for {@code to_json_string}). */
  static Filter alias(String alias, String of) {
    if (!(named(of) instanceof NamedFilter n)) {
      throw new IllegalArgumentException("not a StackStorm filter: " + of);
    }
    return new NamedFilter(alias, n.body());
  }

  /** Calls {@code filter} as a function: {@code value}, then its arguments (for {@link StackStormFunctions}). */
  static Object call(Filter filter, Object value, Object[] args, Map<String, Object> kwargs) {
    NamedFilter n = (NamedFilter) filter;
    return n.body().apply(value, new Args(args, kwargs));
  }

  private static List<Filter> build() {
    return List.of(
        filter("to_json_string", (v, a) -> PyJson.dumps(v, a.optionalInteger(0, "indent", 4), ",", ":",
            a.bool(1, "sort_keys", false))),
        filter("to_yaml_string", (v, a) -> toYaml(v, a.integer(0, "indent", 4))),
        filter("to_complex", (v, a) -> PyJson.dumps(v)),
        filter("json_escape", (v, a) -> StringUtils.strip(PyJson.dumps(v), "\"")),
        filter("from_json_string", (v, a) -> PyJson.loads(TemplateText.str(v))),
        filter("json_parse", (v, a) -> PyJson.loads(TemplateText.str(v))),
        filter("from_yaml_string", (v, a) -> new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(TemplateText.str(v))),
        filter("regex_match", (v, a) -> regex(v, a, 1).lookingAt()),
        filter("regex_search", (v, a) -> regex(v, a, 1).find()),
        filter("regex_replace", StackStormFilters::regexReplace),
        filter("regex_substring", StackStormFilters::regexSubstring),
        filter("to_human_time_from_seconds", (v, a) -> HumanTime.fromSeconds(v)),
        filter("human_duration", (v, a) -> HumanTime.duration(v)), // Squall's, not StackStorm's
        filter("use_none", (v, a) -> v == null ? NONE_MAGIC_VALUE : v),
        filter("jsonpath_query", (v, a) -> JsonPath.query(v, a.string(0, "query", "$"))),
        filter("version_compare", (v, a) -> (long) SemVer.parse(v).compareTo(version(a))),
        filter("version_more_than", (v, a) -> SemVer.parse(v).compareTo(version(a)) > 0),
        filter("version_less_than", (v, a) -> SemVer.parse(v).compareTo(version(a)) < 0),
        filter("version_equal", (v, a) -> SemVer.parse(v).compareTo(version(a)) == 0),
        filter("version_match", (v, a) -> SemVer.parse(v).matches(a.string(0, "pattern", ""))),
        filter("version_bump_major", (v, a) -> SemVer.parse(v).bumpMajor().toString()),
        filter("version_bump_minor", (v, a) -> SemVer.parse(v).bumpMinor().toString()),
        filter("version_bump_patch", (v, a) -> SemVer.parse(v).bumpPatch().toString()),
        filter("version_strip_patch", (v, a) -> SemVer.parse(v).majorMinor()),
        filter("basename", (v, a) -> basename(TemplateText.str(v))),
        filter("dirname", (v, a) -> dirname(TemplateText.str(v))),
        new DecryptKv(),
        // Jinja's default(value, default_value='', boolean=False); Jinjava's demands an argument.
        filter("default", StackStormFilters::defaultFilter),
        filter("d", StackStormFilters::defaultFilter),
        // Jinja's safe returns Markup(str(value)): the text is final and, in shell templates,
        // the author's explicit opt-out of quoting.
        filter("safe", (v, a) -> v == null ? null : new SafeString(TemplateText.str(v))));
  }

  private static Object defaultFilter(Object value, Args a) {
    boolean onFalsy = a.bool(1, "boolean", false);
    boolean use = value == null || (onFalsy && !ObjectTruthValue.evaluate(value));
    return use ? a.get(0, "default_value", "") : value;
  }

  private static SemVer version(Args a) {
    return SemVer.parse(a.string(0, "pattern", ""));
  }

  private static Matcher regex(Object value, Args a, int ignoreCaseIndex) {
    return matcher(PythonRegex.toJava(a.string(0, "pattern", "")), value, a, ignoreCaseIndex);
  }

  private static Object regexReplace(Object value, Args a) {
    PythonRegex.Translated pattern = PythonRegex.toJava(a.string(0, "pattern", ""));
    return matcher(pattern, value, a, 2).replaceAll(pattern.replacement(a.string(1, "replacement", "")));
  }

  /** The value read through a step budget, so a catastrophic pattern cannot stall rendering. */
  private static Matcher matcher(PythonRegex.Translated pattern, Object value, Args a, int ignoreCaseIndex) {
    int flags = a.bool(ignoreCaseIndex, "ignorecase", false) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    return Pattern.compile(pattern.pattern(), flags).matcher(new BoundedCharSequence(TemplateText.str(value),
        MAX_REGEX_STEPS, () -> new IllegalArgumentException("regular expression took too long on the value")));
  }

  /**
   * StackStorm's {@code regex_substring(value, pattern, result_index=0, ignorecase=False)}:
   * Python's {@code re.findall(pattern, value)[result_index]}, so each match is the whole match,
   * its one group, or the list of its groups; no such match is an error (Python's IndexError).
   */
  private static Object regexSubstring(Object value, Args a) {
    Matcher m = regex(value, a, 2);
    int index = a.integer(1, "result_index", 0);
    List<Object> found = new ArrayList<>();
    while ((index < 0 || found.size() <= index) && m.find()) {
      if (m.groupCount() == 0) {
        found.add(m.group());
      } else if (m.groupCount() == 1) {
        found.add(m.group(1) == null ? "" : m.group(1));
      } else {
        List<Object> groups = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g++) {
          groups.add(m.group(g) == null ? "" : m.group(g));
        }
        found.add(groups);
      }
    }
    int at = index < 0 ? found.size() + index : index;
    if (at < 0 || at >= found.size()) {
      throw new IllegalArgumentException("regex_substring: the pattern has no match " + index
          + " in the value (" + found.size() + " found): IndexError: list index out of range");
    }
    return found.get(at);
  }

  private static String toYaml(Object value, int indent) {
    DumperOptions options = new DumperOptions();
    options.setIndent(Math.max(2, Math.min(indent, 9)));
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setAllowUnicode(true);
    // PyYAML's safe_dump sorts mapping keys.
    return new Yaml(options).dump(sortedPlain(value));
  }

  private static Object sortedPlain(Object value) {
    return switch (value) {
      case Map<?, ?> map -> {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(TemplateText.str(k), sortedPlain(v)));
        yield sorted;
      }
      case List<?> list -> {
        List<Object> out = new ArrayList<>();
        list.forEach(item -> out.add(sortedPlain(item)));
        yield out;
      }
      case SafeString s -> s.getValue();
      case null -> null;
      default -> value;
    };
  }

  /** Python's os.path.basename. */
  static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Python's os.path.dirname: the head, without trailing slashes unless it is all slashes. */
  static String dirname(String path) {
    String head = path.substring(0, path.lastIndexOf('/') + 1);
    if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
      head = StringUtils.stripEnd(head, "/");
    }
    return head;
  }

  private interface Body {
    Object apply(Object value, Args args);
  }

  private static Filter filter(String name, Body body) {
    return new NamedFilter(name, body);
  }

  private record NamedFilter(String name, Body body) implements Filter {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
      return body.apply(var, new Args(args == null ? new Object[0] : args, Map.of()));
    }

    @Override
    public Object filter(
        Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      return body.apply(var, new Args(args == null ? new Object[0] : args,
          kwargs == null ? Map.of() : kwargs));
    }

    @Override
    public boolean preserveSafeString() {
      return false;
    }
  }

  /** Positional and keyword arguments, read the way a Python signature binds them. */
  record Args(Object[] positional, Map<String, Object> keywords) {
    Object get(int index, String name, Object fallback) {
      if (keywords.containsKey(name)) {
        return keywords.get(name);
      }
      return index < positional.length ? positional[index] : fallback;
    }

    String string(int index, String name, String fallback) {
      Object v = get(index, name, fallback);
      return v == null ? fallback : TemplateText.str(v);
    }

    boolean bool(int index, String name, boolean fallback) {
      Object v = get(index, name, fallback);
      return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
    }

    /** An integer argument that may be given as None (to_json_string's indent=None). */
    Integer optionalInteger(int index, String name, int fallback) {
      boolean given = keywords.containsKey(name) || index < positional.length;
      return given && get(index, name, null) == null ? null : integer(index, name, fallback);
    }

    int integer(int index, String name, int fallback) {
      Object v = get(index, name, fallback);
      if (v instanceof Number n) {
        return n.intValue();
      }
      try {
        return v == null ? fallback : Integer.parseInt(v.toString().strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be an integer, got " + TemplateText.repr(v));
      }
    }
  }
}
