package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hubspot.jinjava.objects.SafeString;
import dev.squall.core.python.PythonRepr;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonReprTest {

  @Test
  void floatsPrintAsPythonRepr() {
    assertThat(PythonRepr.str(1.0)).isEqualTo("1.0");
    assertThat(PythonRepr.str(0.1)).isEqualTo("0.1");
    assertThat(PythonRepr.str(1e20)).isEqualTo("1e+20");
    assertThat(PythonRepr.str(1e16)).isEqualTo("1e+16");
    assertThat(PythonRepr.str(1234567.0)).isEqualTo("1234567.0");
    assertThat(PythonRepr.str(0.0001)).isEqualTo("0.0001");
    assertThat(PythonRepr.str(0.00001)).isEqualTo("1e-05");
    assertThat(PythonRepr.str(-2.5e-7)).isEqualTo("-2.5e-07");
  }

  @Test
  void stringsInsideContainersAreQuotedAsPythonDoes() {
    assertThat(PythonRepr.str(List.of("a", "it's", "say \"hi\"", "both ' \"", "tab\there")))
        .isEqualTo("['a', \"it's\", 'say \"hi\"', 'both \\' \"', 'tab\\there']");
    assertThat(PythonRepr.str(Map.of("k", Arrays.asList(true, null)))).isEqualTo("{'k': [True, None]}");
  }

  @Test
  void templateSafeStringsAndUnfinishedKeyPathsPrintAsTheirText() {
    assertThat(TemplateText.str(new SafeString("it's"))).isEqualTo("it's");
    assertThat(TemplateText.str(List.of(new SafeString("a"), Map.of("k", new SafeString("b")))))
        .isEqualTo("['a', {'k': 'b'}]");
  }

  @Test
  void pythonLiteralsParseBack() {
    Object printed = PythonRepr.str(Map.of("hosts", List.of("a", "it's"), "n", 1, "ok", true, "x", 1.5));
    assertThat(PyLiteral.parse(printed.toString()))
        .isEqualTo(Map.of("hosts", List.of("a", "it's"), "n", 1L, "ok", true, "x", 1.5));
    assertThat(PyLiteral.parse("(1, None)")).isEqualTo(Arrays.asList(1L, null));
    assertThatThrownBy(() -> PyLiteral.parse("[1, oops]")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void castsFollowStackStorm() {
    assertThat(Casts.cast("42", "integer")).isEqualTo(42L);
    assertThat(Casts.cast("4.5", "number")).isEqualTo(4.5);
    assertThat(Casts.cast("True", "boolean")).isEqualTo(true);
    assertThat(Casts.cast("false", "boolean")).isEqualTo(false);
    assertThat(Casts.cast("[\"a\"]", "array")).isEqualTo(List.of("a"));
    assertThat(Casts.cast("['a']", "array")).isEqualTo(List.of("a"));
    assertThat(Casts.cast(7L, "string")).isEqualTo("7");
    assertThat(Casts.cast(StackStormFilters.NONE_MAGIC_VALUE, "string")).isNull();
    assertThatThrownBy(() -> Casts.cast("yes", "boolean")).hasMessageContaining("not a boolean");
  }
}
