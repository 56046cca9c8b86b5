package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {

  private final TemplateEngine engine = new TemplateEngine();

  @Test
  void anUnknownNameIsAnErrorNamingTheNamesThatExist() {
    Map<String, Object> context = Map.of("action_results", Map.of("stdout", "ok"), "action_parameters", Map.of());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.renderKnownNames("done: {{ status }}", context))
        .isInstanceOf(dev.squall.core.error.BadRequestException.class)
        .hasMessage("'status' is undefined; the variables here are: action_parameters, action_results");
  }

  @Test
  void knownNamesStayLenientAboutMissingKeysAndAllowLoopAndSetVariables() {
    Map<String, Object> context = Map.of("action_results", Map.of("lines", java.util.List.of("a", "b")));

    assertThat(engine.renderKnownNames(
        "{% set n = 2 %}{{ action_results.missing }}[{% for l in action_results.lines %}{{ l }}{{ loop.index }}{% endfor %}]{{ n }}",
        context)).isEqualTo("[a1b2]2");
  }

  @Test
  void printsValuesAsPythonDoes() {
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("a", 1);
    dict.put("b", Arrays.asList(true, null, 1.5, "it's"));
    Map<String, Object> ctx = Map.of("d", dict, "l", List.of("a", "b"), "t", true, "f", false);

    assertThat(engine.render("{{ d }}", ctx)).isEqualTo("{'a': 1, 'b': [True, None, 1.5, \"it's\"]}");
    assertThat(engine.render("{{ l }}", ctx)).isEqualTo("['a', 'b']");
    assertThat(engine.render("{{ t }} {{ f }}", ctx)).isEqualTo("True False");
    assertThat(engine.render("{{ 10 / 4 }} {{ 7 * 7 }}", ctx)).isEqualTo("2.5 49");
  }

  @Test
  void neverRendersASubstitutedValueAgain() {
    Map<String, Object> ctx = Map.of("text", "{{ 7*7 }} {% for x in [1] %}loop{% endfor %}");

    assertThat(engine.render("say {{ text }}", ctx))
        .isEqualTo("say {{ 7*7 }} {% for x in [1] %}loop{% endfor %}");
    assertThat(engine.renderValue("{{ text }}", ctx))
        .isEqualTo("{{ 7*7 }} {% for x in [1] %}loop{% endfor %}");
  }

  @Test
  void lenientRenderingPrintsUndefinedAsEmpty() {
    assertThat(engine.render("[{{ missing }}][{{ missing.deeper }}]", Map.of())).isEqualTo("[][]");
  }

  @Test
  void strictRenderingNamesTheUndefinedVariable() {
    assertThatThrownBy(() -> engine.renderStrict("Hello {{ cmd }}", Map.of("execution", Map.of())))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'cmd' is undefined");
    assertThat(engine.renderStrict("{{ x | default('d') }}{% if y is defined %}y{% endif %}", Map.of()))
        .isEqualTo("d");
  }

  @Test
  void syntaxErrorsGiveReasonAndLine() {
    assertThatThrownBy(() -> engine.render("line one\n{{ x.y( }}", Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("syntax error");
    assertThatThrownBy(() -> engine.render("{% for x in l %}never closed", Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("endfor");
  }

  @Test
  void trimsBlocksLikeStackStorm() {
    String template = "{% for x in l %}\n  {% if x %}\n{{ x }}\n  {% endif %}\n{% endfor %}\n";
    assertThat(engine.render(template, Map.of("l", List.of("a", "b")))).isEqualTo("a\nb\n");
  }

  @Test
  void iteratesOverDictKeysLikeJinja() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("x", 1);
    d.put("y", 2);
    assertThat(engine.render("{% for k in d %}{{ k }}={{ d[k] }};{% endfor %}", Map.of("d", d)))
        .isEqualTo("x=1;y=2;");
    assertThat(engine.render("{% for k, v in d.items() %}{{ k }}:{{ v }} {% endfor %}", Map.of("d", d)))
        .isEqualTo("x:1 y:2 ");
  }

  @Test
  void renderValueKeepsTypesOfWholeExpressions() {
    Map<String, Object> ctx = Map.of("n", 3L, "hosts", List.of("a", "b"), "name", "web");
    Map<String, Object> value = Map.of(
        "count", "{{ n + 1 }}",
        "hosts", "{{ hosts }}",
        "label", "app-{{ name }}",
        "nested", List.of("{{ name }}", 5, "plain"));

    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) engine.renderValue(value, ctx);

    assertThat(out.get("count")).isEqualTo(4L);
    assertThat(out.get("hosts")).isEqualTo(List.of("a", "b"));
    assertThat(out.get("label")).isEqualTo("app-web");
    assertThat(out.get("nested")).isEqualTo(List.of("web", 5, "plain"));
    assertThat(engine.renderValue("{{ {'a': [1, 2]} }}", Map.of()))
        .isInstanceOf(LinkedHashMap.class)
        .isEqualTo(Map.of("a", List.of(1L, 2L)));
  }

  @Test
  void stopsARunawayLoop() {
    String loops = "{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}"
        + "{% endfor %}{% endfor %}{% endfor %}done";
    assertThatThrownBy(() -> engine.render(loops, Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Template stopped");
  }

  @Test
  void stopsHugeOutput() {
    String big = "{% for a in range(10000) %}{% for b in range(10000) %}xxxxxxxxxx{% endfor %}{% endfor %}";
    assertThatThrownBy(() -> engine.render(big, Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Template stopped");
  }

  @Test
  void stopsEndlessMacroRecursion() {
    String recursive = "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}";
    assertThatThrownBy(() -> engine.render(recursive, Map.of()))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void cannotReadFilesOrClasses() {
    assertThatThrownBy(() -> engine.render("{% include 'logback.xml' %}{% include '/etc/passwd' %}", Map.of()))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> engine.render("{{ s.getClass() }}", Map.of("s", "x")))
        .isInstanceOf(BadRequestException.class);
    assertThat(engine.render("[{{ s.class }}]", Map.of("s", "x"))).isEqualTo("[]");
  }

  @Test
  void lstripBlocksOnlyStripsIndentationBeforeABlockTag() {
    assertThat(engine.render("echo {% for x in l %}{{ x }} {% endfor %}|", Map.of("l", List.of("a", "b"))))
        .isEqualTo("echo a b |");
    assertThat(engine.render("x\n    {% if true %}\n  y\n    {% endif %}\nz", Map.of()))
        .isEqualTo("x\n  y\nz");
  }

  @Test
  void unknownFilterIsAnError() {
    assertThatThrownBy(() -> engine.render("{{ x | nosuchfilter }}", Map.of("x", "v")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("nosuchfilter");
  }

  @Test
  void python2DictMethodsStillWork() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("x", 1);
    d.put("y", 2);
    assertThat(engine.render("{% for k, v in d.iteritems() %}{{ k }}={{ v }};{% endfor %}{{ d.has_key('x') }}",
        Map.of("d", d))).isEqualTo("x=1;y=2;True");
  }
}
