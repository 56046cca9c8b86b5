package dev.squall.core.yaql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** yaql's regex.py on Python-syntax patterns (translated by {@link dev.squall.core.regex.PythonRegex}). */
final class RegexFunctions {

  private RegexFunctions() {}

  static void register(Map<String, YaqlFunction> f) {
    f.put("regex", (args, call) -> {
      String pattern = Lib.string(Lib.required(args, call, 0, "pattern"), "regex", "pattern");
      int flags = 0;
      if (Values.truthy(Lib.arg(args, call, 1, "ignoreCase", false))) {
        flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
      }
      if (Values.truthy(Lib.arg(args, call, 2, "multiLine", false))) {
        flags |= Pattern.MULTILINE;
      }
      if (Values.truthy(Lib.arg(args, call, 3, "dotAll", false))) {
        flags |= Pattern.DOTALL;
      }
      return Regex.of(pattern, flags);
    });
    f.put("isRegex", (args, call) -> args.get(0) instanceof Regex);
    f.put("escapeRegex", (args, call) -> escape(Lib.string(args.get(0), "escapeRegex", "string")));
    f.put("search", (args, call) -> {
      Regex r = regexReceiver(args, call);
      String s = Lib.string(args.get(1), "search", "string");
      YaqlLambda selector = Lib.lambda(call, 2, "selector");
      Matcher m = r.pattern().matcher(s);
      if (!m.find()) {
        return null;
      }
      return selector == null ? m.group() : select(selector, m, r);
    });
    f.put("searchAll", (args, call) -> {
      Regex r = regexReceiver(args, call);
      String s = Lib.string(args.get(1), "searchAll", "string");
      YaqlLambda selector = Lib.lambda(call, 2, "selector");
      Matcher m = r.pattern().matcher(s);
      List<Object> out = new ArrayList<>();
      while (m.find()) {
        out.add(selector == null ? m.group() : select(selector, m, r));
      }
      return out;
    });
    f.put("replaceBy", (args, call) -> {
      boolean regexFirst = args.get(0) instanceof Regex;
      Regex r = Regex.of(args.get(regexFirst ? 0 : 1));
      String s = Lib.string(args.get(regexFirst ? 1 : 0), "replaceBy", "string");
      YaqlLambda repl = Lib.requiredLambda(call, 2, "repl");
      long count = Lib.integer(Lib.arg(args, call, 3, "count", 0L), "replaceBy", "count");
      Matcher m = r.pattern().matcher(s);
      StringBuilder out = new StringBuilder();
      long done = 0;
      while ((count == 0 || done < count) && m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(Values.str(select(repl, m, r))));
        done++;
      }
      m.appendTail(out);
      return out.toString();
    });
  }

  private static Regex regexReceiver(List<Object> args, YaqlCall call) {
    if (args.size() < 2 || !(args.get(0) instanceof Regex r)) {
      throw new YaqlException(call.name() + "() is a method of regex(): regex(pattern)." + call.name() + "(string)");
    }
    return r;
  }

  /** The match as yaql publishes it: $ = {value, start, end}, $1.. = the groups alike. */
  private static Object select(YaqlLambda selector, Matcher m, Regex r) {
    Object[] dollars = new Object[m.groupCount() + 1];
    for (int g = 0; g <= m.groupCount(); g++) {
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("value", m.group(g));
      rec.put("start", (long) m.start(g));
      rec.put("end", (long) m.end(g));
      dollars[g] = rec;
    }
    return selector.apply(dollars);
  }

  /** regex.matches(string) or string.matches(pattern): Python's re.search found something. */
  static boolean matches(List<Object> args) {
    boolean regexFirst = args.get(0) instanceof Regex;
    return Operators.matches(args.get(regexFirst ? 1 : 0), args.get(regexFirst ? 0 : 1));
  }

  /** regex.split(string, maxSplit => 0) or string.split(regex, maxSplit): Python's re.split. */
  static List<Object> split(Regex r, String s, long max) {
    List<Object> out = new ArrayList<>();
    Matcher m = r.pattern().matcher(s);
    int from = 0;
    long done = 0;
    while ((max <= 0 || done < max) && m.find()) {
      if (m.end() == 0 && m.start() == 0 && s.isEmpty()) {
        break;
      }
      out.add(s.substring(from, m.start()));
      for (int g = 1; g <= m.groupCount(); g++) {
        out.add(m.group(g));
      }
      from = m.end();
      done++;
    }
    out.add(s.substring(from));
    return out;
  }

  /** regex.replace(string, repl, count => 0) or string.replace(regex, repl, count). */
  static String replace(Regex r, String s, String repl, long count) {
    Matcher m = r.pattern().matcher(s);
    String javaRepl = r.replacement(repl);
    StringBuilder out = new StringBuilder();
    long done = 0;
    while ((count <= 0 || done < count) && m.find()) {
      m.appendReplacement(out, javaRepl);
      done++;
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Python 3.7+ re.escape: only the regex-special characters get a backslash. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
