package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are StackStorm's own (st2common/tests/unit/test_jinja_render_*_filters.py). */
class StackStormFiltersTest {

  private final TemplateEngine engine = new TemplateEngine();

  private String render(String template, Object k1) {
    return engine.render(template, Map.of("k1", k1));
  }

  private static Map<String, Object> sample() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("d", "e");
    inner.put("f", 1);
    inner.put("g", true);
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("a", "b");
    obj.put("c", inner);
    return obj;
  }

  @Test
  void toJsonStringIsPythonJsonDumpsWithIndentFour() {
    assertThat(render("{{ k1 | to_json_string }}", sample()))
        .isEqualTo("{\n    \"a\":\"b\",\n    \"c\":{\n        \"d\":\"e\",\n        \"f\":1,\n        \"g\":true\n    }\n}");
    assertThat(render("{{ k1 | to_json_string(indent=None) }}", List.of(1, "x")))
        .isEqualTo("[1,\"x\"]");
  }

  @Test
  void toYamlStringIsBlockStyleWithSortedKeys() {
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("c", Map.of("g", true));
    obj.put("a", "b");
    assertThat(render("{{ k1 | to_yaml_string }}", obj)).isEqualTo("a: b\nc:\n    g: true\n");
  }

  @Test
  void toComplexAndJsonParseRoundTrip() {
    assertThat(render("{{ k1 | to_complex }}", sample()))
        .isEqualTo("{\"a\": \"b\", \"c\": {\"d\": \"e\", \"f\": 1, \"g\": true}}");
    assertThat(engine.renderValue("{{ k1 | json_parse }}", Map.of("k1", "{\"a\": [1, 2]}")))
        .isEqualTo(Map.of("a", List.of(1, 2)));
    assertThat(engine.renderValue("{{ k1 | from_json_string }}", Map.of("k1", "[true]")))
        .isEqualTo(List.of(true));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "foo \"\"\" bar|foo \\\"\\\"\\\" bar",
      "foo \\ bar|foo \\\\ bar",
      "~foo \n bar~|foo \\n bar",
      "~foo \t bar~|foo \\t bar"})
  void jsonEscape(String input, String expected) {
    assertThat(render("{{ k1 | json_escape }}", input)).isEqualTo(expected);
  }

  @Test
  void regexMatchIsAnchoredAtTheStart() {
    assertThat(render("{{ k1 | regex_match('x') }}", "xyz")).isEqualTo("True");
    assertThat(render("{{ k1 | regex_match('y') }}", "xyz")).isEqualTo("False");
    assertThat(render("{{ k1 | regex_match('^v(\\\\d+\\\\.)?(\\\\d+\\\\.)?(\\\\*|\\\\d+)$') }}", "v0.10.1"))
        .isEqualTo("True");
    assertThat(render("{{ k1 | regex_match('X', ignorecase=True) }}", "xyz")).isEqualTo("True");
  }

  @Test
  void regexSearchFindsAnywhere() {
    assertThat(render("{{ k1 | regex_search('y') }}", "xyz")).isEqualTo("True");
    assertThat(render("{{ k1 | regex_search('q') }}", "xyz")).isEqualTo("False");
  }

  @Test
  void regexReplaceUsesPythonBackreferences() {
    assertThat(render("{{ k1 | regex_replace('x', 'y') }}", "xyz")).isEqualTo("yyz");
    assertThat(render("{{ k1 | regex_replace('(blue|white|red)', 'color') }}", "blue socks and red shoes"))
        .isEqualTo("color socks and color shoes");
    assertThat(render("{{ k1 | regex_replace('(\\\\w+)@(\\\\w+)', '\\\\2 at \\\\1 $x') }}", "me@host"))
        .isEqualTo("host at me $x");
  }

  @Test
  void regexFiltersTakePythonNamedGroupsWithUnderscores() {
    assertThat(render("{{ k1 | regex_search('(?P<host_name>[a-z]+)\\\\.example') }}", "db.example.org"))
        .isEqualTo("True");
    assertThat(render("{{ k1 | regex_match('(?P<first_word>\\\\w+) (?P=first_word)') }}", "bye bye"))
        .isEqualTo("True");
    assertThat(render("{{ k1 | regex_substring('(?P<host_name>[a-z]+)\\\\.example') }}", "db.example.org"))
        .isEqualTo("db");
  }

  @Test
  void regexReplaceTakesPythonGroupNamesInTheReplacement() {
    assertThat(render("{{ k1 | regex_replace('(?P<user_name>\\\\w+)@(?P<host_name>\\\\w+)', "
        + "'\\\\g<host_name> at \\\\g<user_name>, \\\\g<1>') }}", "me@host"))
        .isEqualTo("host at me, me");
  }

  @Test
  void regexSubstringReturnsTheNthMatchAsStackStormsFindallDoes() {
    String address = "{{ k1 | regex_substring('([0-9]{3} \\\\w+ (?:Ave|St|Dr))') }}";
    assertThat(render(address, "My address is 123 Somewhere Ave. See you soon!")).isEqualTo("123 Somewhere Ave");
    assertThat(render("{{ k1 | regex_substring('([0-9]{3} \\\\w+ (?:Ave|St|Dr))', 1) }}",
        "Your address is 567 Elsewhere Dr. My address is 123 Somewhere Ave.")).isEqualTo("123 Somewhere Ave");
    assertThat(render("{{ k1 | regex_substring('127.0.0.1') }}", "hello this is 127.0.0.1, your home"))
        .isEqualTo("127.0.0.1");
    assertThat(render("{{ k1 | regex_substring('(\\\\d+)-(\\\\d+)', result_index=1) }}", "1-2 3-4"))
        .isEqualTo("['3', '4']");
  }

  @Test
  void regexSubstringWithoutThatMatchIsAnError() {
    assertThatThrownBy(() -> render("{{ k1 | regex_substring('([0-9]{3} \\\\w+ (?:Ave|St|Dr))', 1) }}",
        "Your address is 567 Elsewhere Dr."))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("regex_substring: the pattern has no match 1");
    assertThatThrownBy(() -> render("{{ k1 | regex_substring('(127.0.0.1)') }}", "hello this is 127.0.0.2"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("IndexError");
  }

  @Test
  void catastrophicRegexIsStoppedNotHung() {
    // Exponential backtracking that java.util.regex does not memoise away.
    String evil = "a".repeat(25);
    assertThatThrownBy(() -> render("{{ k1 | regex_search('(.*a){26}') }}", evil))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("too long");
  }

  @Test
  void toHumanTimeFromSeconds() {
    assertThat(render("{{ k1 | to_human_time_from_seconds }}", 12345)).isEqualTo("3h25m45s");
    assertThat(render("{{ k1 | to_human_time_from_seconds }}", 0)).isEqualTo("0s");
    assertThat(render("{{ k1 | to_human_time_from_seconds }}", 2)).isEqualTo("2s");
    assertThat(render("{{ k1 | to_human_time_from_seconds }}", 90061)).isEqualTo("1d1h1m1s");
    assertThatThrownBy(() -> render("{{ k1 | to_human_time_from_seconds }}", "stuff"))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void humanDurationWritesDurationsAsPeopleDo() {
    assertThat(render("{{ k1 | human_duration }}", 0.035)).isEqualTo("35 ms");
    assertThat(render("{{ k1 | human_duration }}", 4.21)).isEqualTo("4.2 s");
    assertThat(render("{{ k1 | human_duration }}", 2)).isEqualTo("2 s");
    assertThat(render("{{ k1 | human_duration }}", 125)).isEqualTo("2 min 5 s");
    assertThat(render("{{ k1 | human_duration }}", 12345)).isEqualTo("3 h 25 min");
    assertThat(render("{{ k1 | human_duration }}", 90061)).isEqualTo("1 d 1 h");
  }

  @Test
  void useNoneKeepsNoneThroughText() {
    assertThat(engine.render("{{ k1 | use_none }}", new java.util.HashMap<>(Map.of())))
        .isEqualTo(StackStormFilters.NONE_MAGIC_VALUE);
    assertThat(render("{{ k1 | use_none }}", "v")).isEqualTo("v");
  }

  @Test
  void jsonpathQuery() {
    Map<String, Object> doc = Map.of("people", List.of(
        Map.of("first_name", "James", "last_name", "d'Ia"),
        Map.of("first_name", "Jacob", "last_name", "Jingleheimer")));
    assertThat(render("{{ k1 | jsonpath_query('people[*].first_name') }}", doc))
        .isEqualTo("['James', 'Jacob']");
    assertThat(render("{{ k1 | jsonpath_query('$..last_name') }}", doc))
        .isEqualTo("[\"d'Ia\", 'Jingleheimer']");
    assertThat(render("{{ k1 | jsonpath_query('$.nobody') }}", doc)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "version_compare('0.10.0'), 0.9.0, -1",
      "version_compare('0.10.0'), 0.10.1, 1",
      "version_compare('0.10.0'), 0.10.0, 0",
      "version_more_than('0.10.0'), 0.10.1, True",
      "version_more_than('0.10.0'), 0.10.0, False",
      "version_less_than('0.10.0'), 0.9.0, True",
      "version_equal('0.10.0'), 0.10.0, True",
      "version_match('>0.10.0'), 0.10.1, True",
      "version_match('>0.10.0'), 0.1.1, False",
      "version_match('<0.10.0'), 0.1.0, True",
      "version_match('==0.10.0'), 0.10.1, False",
      "version_bump_major, 0.10.1, 1.0.0",
      "version_bump_minor, 0.10.1, 0.11.0",
      "version_bump_patch, 0.10.1, 0.10.2",
      "version_strip_patch, 0.10.1, 0.10",
      "version_less_than('1.0.0'), 1.0.0-rc.1, True"})
  void versionFilters(String filter, String version, String expected) {
    assertThat(engine.render("{{ version | " + filter + " }}", Map.of("version", version)))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/a/b/c.txt|c.txt|/a/b",
      "c.txt|c.txt|''",
      "/c.txt|c.txt|/",
      "/a/b/|''|/a/b"})
  void basenameAndDirnameAreOsPath(String path, String base, String dir) {
    assertThat(engine.render("{{ p | basename }}", Map.of("p", path))).isEqualTo(base);
    assertThat(engine.render("{{ p | dirname }}", Map.of("p", path))).isEqualTo(dir);
  }

  @Test
  void defaultFilterHasJinjasSignature() {
    assertThat(engine.render("[{{ missing | default() }}][{{ missing | default('x') }}][{{ '' | default('y', true) }}][{{ 'v' | d('z') }}]", Map.of()))
        .isEqualTo("[][x][y][v]");
  }
}
