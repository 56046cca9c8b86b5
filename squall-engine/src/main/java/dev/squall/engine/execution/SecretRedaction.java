package dev.squall.engine.execution;

import dev.squall.core.action.ParameterSchema;
import dev.squall.engine.execution.model.Execution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What CI systems do with secrets in logs: the exact text of each secret parameter's value and
 * of each datastore secret its parameters were rendered from (of
 * {@link #MIN_LENGTH} characters or more, so that "1" or "yes" does not blank out half the
 * output) is replaced by the mask wherever the runner writes it, in output lines, the result
 * and its error, before any of it is published or stored.
 */
final class SecretRedaction {

  /** Shorter secrets are not redacted: they would match ordinary text everywhere. */
  static final int MIN_LENGTH = 4;

  private final List<String> secrets;

  private SecretRedaction(List<String> secrets) {
    this.secrets = secrets;
  }

  static SecretRedaction of(Execution e) {
    List<String> texts = new ArrayList<>();
    for (String name : e.secretParameters()) {
      Object v = e.parameters().get(name);
      if (v != null && !(v instanceof Map) && !(v instanceof List)
          && String.valueOf(v).length() >= MIN_LENGTH) {
        texts.add(String.valueOf(v));
      }
    }
    e.secretTexts().stream().filter(t -> t.length() >= MIN_LENGTH).forEach(texts::add);
    // Longest first, so a secret that contains another is masked whole.
    texts.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretRedaction(List.copyOf(texts));
  }

  String apply(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, ParameterSchema.MASK);
    }
    return out;
  }

  /** Strings inside maps and lists redacted; other values as they are. */
  Object applyAll(Object value) {
    if (secrets.isEmpty()) {
      return value;
    }
    return switch (value) {
      case String s -> apply(s);
      case Map<?, ?> m -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, applyAll(v)));
        yield out;
      }
      case List<?> l -> l.stream().map(this::applyAll).toList();
      case null, default -> value;
    };
  }

  Object applyToResult(Object result) {
    return result == null ? null : applyAll(result);
  }
}
