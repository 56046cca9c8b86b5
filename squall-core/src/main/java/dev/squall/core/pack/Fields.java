package dev.squall.core.pack;

import dev.squall.core.yaml.YamlDocument;
import java.util.List;
import java.util.Map;

/** Typed access to the top-level fields of a metadata file, reporting wrong shapes with lines. */
final class Fields {

  private final YamlDocument doc;
  private final Map<String, Object> root;
  private final Problems problems;

  Fields(YamlDocument doc, Problems problems) {
    this.doc = doc;
    this.root = doc.rootMap();
    this.problems = problems;
  }

  String requiredString(String key) {
    if (root.get(key) == null) {
      problems.error(doc.file(), 1, "'" + key + "' is a required property");
      return null;
    }
    return optionalString(key);
  }

  /** A string field; YAML numbers and booleans are accepted as their text, as StackStorm does. */
  String optionalString(String key) {
    Object v = root.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    problems.error(doc.file(), doc.lineOf(key), "\"" + key + "\" must be a string, not "
        + describe(v));
    return null;
  }

  boolean optionalBoolean(String key, boolean fallback) {
    Object v = root.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    problems.error(doc.file(), doc.lineOf(key), "\"" + key + "\" must be true or false, not "
        + describe(v));
    return fallback;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> optionalMap(String key) {
    Object v = root.get(key);
    if (v == null || v instanceof Map<?, ?>) {
      return (Map<String, Object>) v;
    }
    problems.error(doc.file(), doc.lineOf(key), "\"" + key + "\" must be a mapping, not "
        + describe(v));
    return null;
  }

  /** "a list", "the string 'x'"…, for messages about a value of the wrong shape. */
  static String describe(Object v) {
    return switch (v) {
      case null -> "nothing";
      case Map<?, ?> m -> "a mapping";
      case List<?> l -> "a list";
      case String s -> "the string '" + s + "'";
      case Boolean b -> "the boolean " + b;
      case Number n -> "the number " + n;
      default -> v.getClass().getSimpleName();
    };
  }

  /** Warns about keys this kind of file does not have, naming the closest known one. */
  static void warnUnknownKeys(YamlDocument doc, java.util.Set<String> known, Problems problems) {
    for (String key : doc.rootMap().keySet()) {
      if (!known.contains(key)) {
        problems.warning(doc.file(), doc.lineOf(key), "unknown key \"" + key + "\" is ignored"
            + dev.squall.core.action.Closest.of(key, known).map(c -> " (did you mean \"" + c + "\"?)").orElse(""));
      }
    }
  }

  /** StackStorm's error when a file's {@code pack} field names another pack than its folder's. */
  static void checkPack(YamlDocument doc, Pack pack, String packField, Problems problems) {
    if (packField != null && !packField.equals(pack.ref())) {
      problems.error(doc.file(), doc.lineOf("pack"), "Model is in pack \"" + pack.ref()
          + "\" but field \"pack\" is different: " + packField);
    }
  }
}
