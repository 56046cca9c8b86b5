package dev.squall.core.yaml;

import java.nio.file.Path;
import java.util.Map;

/**
 * A parsed YAML file: its root value as plain Java values (ordered {@code Map}, {@code List},
 * {@code String}, {@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, null) plus the
 * line of every mapping key and sequence item, so that validation can point at {@code file:line}.
 *
 * <p>Paths are the keys and indexes from the root, e.g. {@code lineOf("parameters", "cmd", "type")}
 * or {@code lineOf("formats", 2)}.
 *
 * @param lines 1-based line per path, keyed by {@link #key(Object...)}
 */
public record YamlDocument(Path file, Object root, Map<String, Integer> lines) {

  public YamlDocument {
    lines = Map.copyOf(lines);
  }

  /**
   * The line where the value at {@code path} starts, or of its nearest ancestor that has one (1 for
   * the root), so that a problem always lands near its cause.
   */
  public int lineOf(Object... path) {
    for (int n = path.length; n > 0; n--) {
      Object[] prefix = java.util.Arrays.copyOf(path, n);
      Integer line = lines.get(key(prefix));
      if (line != null) {
        return line;
      }
    }
    return 1;
  }

  /** The root as a mapping, or null when the file holds something else (or nothing). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> rootMap() {
    return root instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  static String key(Object... path) {
    StringBuilder b = new StringBuilder();
    for (Object p : path) {
      b.append('/').append(String.valueOf(p).replace("~", "~0").replace("/", "~1"));
    }
    return b.toString();
  }
}
