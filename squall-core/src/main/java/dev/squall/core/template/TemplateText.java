package dev.squall.core.template;

import com.hubspot.jinjava.objects.SafeString;
import dev.squall.core.python.PythonRepr;

/**
 * Python's {@code str} and {@code repr} of template values: {@link PythonRepr}, with Jinjava's
 * {@link SafeString} printed as its text and an st2kv path that names no value as "".
 */
final class TemplateText {

  private TemplateText() {}

  static String str(Object value) {
    return PythonRepr.str(value, TemplateText::plain);
  }

  static String repr(Object value) {
    return PythonRepr.repr(value, TemplateText::plain);
  }

  private static Object plain(Object value) {
    if (value instanceof SafeString s) {
      return s.getValue();
    }
    return value instanceof KeyValueScope.Prefix ? "" : value;
  }
}
