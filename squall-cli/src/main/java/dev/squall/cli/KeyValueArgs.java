package dev.squall.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code key=value} arguments; values stay strings (the server casts them by type). */
final class KeyValueArgs {

  private KeyValueArgs() {}

  static Map<String, Object> parse(List<String> args) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (args == null) {
      return out;
    }
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new CliException("'" + a + "' is not a parameter; write it as key=value", 2);
      }
      out.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return out;
  }
}
