package dev.squall.core.yaql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** yaql's strings.py with Python's str semantics (split, strip, find, replace). */
final class StringFunctions {

  private StringFunctions() {}

  static void register(Map<String, YaqlFunction> f) {
    f.put("str", (args, call) -> {
      Lib.arity(args, call, 1, 1);
      return Values.str(args.get(0));
    });
    f.put("toUpper", (args, call) -> s(args, call).toUpperCase(java.util.Locale.ROOT));
    f.put("toLower", (args, call) -> s(args, call).toLowerCase(java.util.Locale.ROOT));
    f.put("rightSplit", (args, call) -> {
      String sep = optional(Lib.arg(args, call, 1, "separator", null), "separator");
      long max = Lib.integer(Lib.arg(args, call, 2, "maxSplits", -1L), "rightSplit", "maxSplits");
      return rightSplit(s(args, call), sep, max);
    });
    f.put("trim", (args, call) -> strip(s(args, call), chars(args, call), true, true));
    f.put("trimLeft", (args, call) -> strip(s(args, call), chars(args, call), true, false));
    f.put("trimRight", (args, call) -> strip(s(args, call), chars(args, call), false, true));
    f.put("norm", (args, call) -> {
      if (args.get(0) == null) {
        return null;
      }
      String t = strip(s(args, call), chars(args, call), true, true);
      return t.isEmpty() ? null : t;
    });
    f.put("isEmpty", (args, call) -> {
      if (args.get(0) == null) {
        return true;
      }
      boolean trim = Values.truthy(Lib.arg(args, call, 1, "trimSpaces", true));
      String chars = optional(Lib.arg(args, call, 2, "chars", null), "chars");
      String t = s(args, call);
      return (trim ? strip(t, chars, true, true) : t).isEmpty();
    });
    f.put("substring", (args, call) -> {
      String t = s(args, call);
      long start = Lib.integer(Lib.required(args, call, 1, "start"), "substring", "start");
      long length = Lib.integer(Lib.arg(args, call, 2, "length", -1L), "substring", "length");
      return substring(t, start, length);
    });
    f.put("toCharArray", (args, call) -> s(args, call).codePoints().mapToObj(Character::toString).map(c -> (Object) c).toList());
    f.put("isString", (args, call) -> args.get(0) instanceof String);
    f.put("startsWith", (args, call) -> {
      String t = s(args, call);
      return args.subList(1, args.size()).stream().anyMatch(p -> t.startsWith(Lib.string(p, "startsWith", "prefix")));
    });
    f.put("endsWith", (args, call) -> {
      String t = s(args, call);
      return args.subList(1, args.size()).stream().anyMatch(p -> t.endsWith(Lib.string(p, "endsWith", "suffix")));
    });
    f.put("hex", (args, call) -> {
      long n = Lib.integer(args.get(0), "hex", "num");
      return (n < 0 ? "-0x" : "0x") + Long.toHexString(Math.abs(n));
    });
  }

  private static String s(List<Object> args, YaqlCall call) {
    if (args.isEmpty()) {
      throw new YaqlException(call.name() + "() needs a string");
    }
    return Lib.string(args.get(0), call.name(), "string");
  }

  private static String chars(List<Object> args, YaqlCall call) {
    return optional(Lib.arg(args, call, 1, "chars", null), "chars");
  }

  private static String optional(Object v, String what) {
    return v == null ? null : Values.toStr(v, "'" + what + "'");
  }

  static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** Python's str.strip / lstrip / rstrip: whitespace, or any of {@code chars}. */
  static String strip(String s, String chars, boolean left, boolean right) {
    int b = 0;
    int e = s.length();
    while (left && b < e && (chars == null ? isSpace(s.charAt(b)) : chars.indexOf(s.charAt(b)) >= 0)) {
      b++;
    }
    while (right && e > b && (chars == null ? isSpace(s.charAt(e - 1)) : chars.indexOf(s.charAt(e - 1)) >= 0)) {
      e--;
    }
    return s.substring(b, e);
  }

  /** Python's str.split: on runs of whitespace (no empty parts) without a separator. */
  static List<Object> split(String s, String sep, long max) {
    List<Object> out = new ArrayList<>();
    if (sep == null) {
      int i = 0;
      int n = s.length();
      while (true) {
        while (i < n && isSpace(s.charAt(i))) {
          i++;
        }
        if (i >= n) {
          return out;
        }
        if (max >= 0 && out.size() >= max) {
          out.add(strip(s.substring(i), null, false, true));
          return out;
        }
        int j = i;
        while (j < n && !isSpace(s.charAt(j))) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    if (sep.isEmpty()) {
      throw new YaqlException("empty separator");
    }
    int from = 0;
    while (max < 0 || out.size() < max) {
      int at = s.indexOf(sep, from);
      if (at < 0) {
        break;
      }
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  /** Python's str.rsplit. */
  static List<Object> rightSplit(String s, String sep, long max) {
    if (max < 0) {
      return split(s, sep, -1);
    }
    List<Object> out = new ArrayList<>();
    if (sep == null) {
      int j = s.length();
      while (true) {
        while (j > 0 && isSpace(s.charAt(j - 1))) {
          j--;
        }
        if (j == 0) {
          break;
        }
        if (out.size() >= max) {
          out.add(strip(s.substring(0, j), null, true, false));
          break;
        }
        int i = j;
        while (i > 0 && !isSpace(s.charAt(i - 1))) {
          i--;
        }
        out.add(s.substring(i, j));
        j = i;
      }
    } else {
      int end = s.length();
      while (out.size() < max) {
        int at = s.lastIndexOf(sep, end - sep.length());
        if (at < 0) {
          break;
        }
        out.add(s.substring(at + sep.length(), end));
        end = at;
      }
      out.add(s.substring(0, end));
    }
    java.util.Collections.reverse(out);
    return out;
  }

  static String substring(String s, long start, long length) {
    int n = s.length();
    long b = start < 0 ? start + n : start;
    long len = length < 0 ? n - b : length;
    long e = b + len;
    b = Math.max(0, Math.min(n, b));
    e = Math.max(b, Math.min(n, e));
    return s.substring((int) b, (int) e);
  }

  /** Python's str.replace with a count (-1: all). */
  static String replace(String s, String old, String replacement, long count) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    long done = 0;
    if (old.isEmpty()) {
      // Python inserts the replacement between every character
      for (int i = 0; i <= s.length() && (count < 0 || done < count); i++, done++) {
        out.append(replacement);
        if (i < s.length()) {
          out.append(s.charAt(i));
        }
        from = i + 1;
      }
      return from <= s.length() ? out + s.substring(Math.min(from, s.length())) : out.toString();
    }
    while (count < 0 || done < count) {
      int at = s.indexOf(old, from);
      if (at < 0) {
        break;
      }
      out.append(s, from, at).append(replacement);
      from = at + old.length();
      done++;
    }
    return out.append(s.substring(from)).toString();
  }

  /**
   * "abc ab abc".replace({abc => xx, ab => yy}): each key in the dictionary's order replaced in
   * turn (up to count times each), as yaql does.
   */
  static String replaceAll(String s, Map<?, ?> replacements, long count) {
    String result = s;
    for (Map.Entry<?, ?> e : replacements.entrySet()) {
      result = replace(result, Values.str(e.getKey()), Values.str(e.getValue()), count);
    }
    return result;
  }

  /** Python's str.find with an optional start and length (yaql's indexOf). */
  static long indexOf(String s, String sub, long start, long length) {
    int n = s.length();
    long b = start < 0 ? Math.max(0, start + n) : start;
    long e = length < 0 ? n : Math.min(n, b + length);
    if (b > n) {
      return -1;
    }
    int at = s.indexOf(sub, (int) b);
    return at >= 0 && at + sub.length() <= e ? at : -1;
  }

  static long lastIndexOf(String s, String sub, long start, long length) {
    int n = s.length();
    long b = start < 0 ? Math.max(0, start + n) : start;
    long e = length < 0 ? n : Math.min(n, b + length);
    if (b > n) {
      return -1;
    }
    int at = s.substring(0, (int) e).lastIndexOf(sub);
    return at >= b ? at : -1;
  }

  /** sep.join(items), each item through yaql's str(). */
  static String join(Collection<?> items, String sep) {
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (Object o : items) {
      if (!first) {
        out.append(sep);
      }
      first = false;
      out.append(Values.str(o));
    }
    return out.toString();
  }
}
