package dev.squall.core.action;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Python's {@code repr} of plain values, so that messages read exactly like StackStorm's. */
final class PyRepr {

  private PyRepr() {}

  static String of(Object v) {
    return switch (v) {
      case null -> "None";
      case Boolean b -> b ? "True" : "False";
      case String s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
      case List<?> l -> l.stream().map(PyRepr::of).collect(Collectors.joining(", ", "[", "]"));
      case Map<?, ?> m -> m.entrySet().stream()
          .map(e -> of(String.valueOf(e.getKey())) + ": " + of(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
      default -> String.valueOf(v);
    };
  }
}
