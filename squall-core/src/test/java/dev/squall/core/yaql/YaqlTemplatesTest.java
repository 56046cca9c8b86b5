package dev.squall.core.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering of {@code <% %>} spans as orquesta's YAQLEvaluator does (its facade tests' cases). */
class YaqlTemplatesTest {

  private static YaqlFunctions ctx(Map<String, Object> vars) {
    return YaqlFunctions.standard().with("ctx", (args, call) -> args.isEmpty() ? vars : vars.get(args.get(0)));
  }

  private static Object render(String text, Map<String, Object> vars) {
    return YaqlTemplates.render(text, null, ctx(vars));
  }

  @Test
  void aLoneSpanGivesTheRawValue() {
    Map<String, Object> vars = Map.of("d", Map.of("a", 1L), "b", true, "n", 3L, "l", List.of(1L));
    assertThat(render("<% ctx().d %>", vars)).isEqualTo(Map.of("a", 1L));
    assertThat(render("<% ctx().b %>", vars)).isEqualTo(true);
    assertThat(render("<%ctx().n%>", vars)).isEqualTo(3L);
    assertThat(render("<% ctx().l %>", vars)).isEqualTo(List.of(1L));
    assertThat(render("<% null %>", vars)).isNull();
  }

  @Test
  void textAroundSpansMakesAStringOfPythonStrs() {
    Map<String, Object> vars = Map.of("d", Map.of("a", 1L), "b", true, "foo", "bar", "marco", "polo");
    assertThat(render("v=<% ctx().d %>", vars)).isEqualTo("v={'a': 1}");
    assertThat(render("  <% ctx().b %>  ", vars)).isEqualTo("  True  ");
    assertThat(render("<% null %>!", vars)).isEqualTo("None!");
    assertThat(render("foo<% ctx().foo %>", vars)).isEqualTo("foobar");
    assertThat(render("<% ctx().foo %> and <% ctx().marco %>", vars)).isEqualTo("bar and polo");
    assertThat(render("<% [1, 'a'] %> <% 1.0 %>", vars)).isEqualTo("[1, 'a'] 1.0");
  }

  @Test
  void textWithoutSpansIsUnchanged() {
    assertThat(render("plain <% not closed", Map.of())).isEqualTo("plain <% not closed");
    assertThat(YaqlTemplates.hasExpressions("a <% 1 %>")).isTrue();
    assertThat(YaqlTemplates.hasExpressions("a {{ 1 }}")).isFalse();
  }

  @Test
  void aStringResultWithSpansIsRenderedAgain() {
    Map<String, Object> vars = Map.of(
        "fee", "<% ctx().fi %>", "fi", "<% ctx().fo %>", "fo", "<% ctx().fum %>", "fum", "fee-fi-fo-fum!",
        "im", "<% ctx().hungry %>", "hungry", "i'm hungry!");
    assertThat(render("<% ctx().fee %>", vars)).isEqualTo("fee-fi-fo-fum!");
    assertThat(render("<% ctx().fee %> <% ctx().im %>", vars)).isEqualTo("fee-fi-fo-fum! i'm hungry!");
    assertThat(render("<% ctx(ctx().foo) %>", Map.of("foo", "bar", "bar", "foobar"))).isEqualTo("foobar");
  }

  @Test
  void spansDoNotCrossLines() {
    assertThat(YaqlTemplates.spans("<% 1 +\n 2 %>")).isEmpty();
    assertThat(YaqlTemplates.spans("a <% 1 %>\nb <% 2 %>")).isEqualTo(List.of("<% 1 %>", "<% 2 %>"));
    assertThat(YaqlTemplates.expression("<%  ctx(x) %>")).isEqualTo("ctx(x)");
  }

  @Test
  void errorsNameTheSpanAndKeepTheirType() {
    assertThatThrownBy(() -> YaqlTemplates.render("x <% ctx().missing %>", null, ctx(Map.of("a", 1L))))
        .isInstanceOf(YaqlException.class)
        .hasMessage("Unable to resolve key 'missing' in expression '<% ctx().missing %>' from context.")
        .hasCauseInstanceOf(YaqlKeyException.class);
    assertThatThrownBy(() -> YaqlTemplates.render("<% 1 + %>", null, YaqlFunctions.standard()))
        .hasMessageStartingWith("Unable to evaluate expression '<% 1 + %>'.")
        .hasCauseInstanceOf(YaqlSyntaxException.class);
  }

  @Test
  void validateListsTheSyntaxErrorsOfEverySpan() {
    List<YaqlSyntaxException> errors = YaqlTemplates.validate("<% ctx(a) %> <% $.( %> <% 1 + %>");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).expression()).isEqualTo("$.(");
    assertThat(YaqlTemplates.validate("<% ctx().x.where($ > 1) %>")).isEmpty();
  }
}
