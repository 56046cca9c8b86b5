package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.core.error.BadRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry of alias-match-vectors.json, through the public API the HTTP layer calls. Where
 * DESIGN.md diverges (ambiguity errors name the candidates; one matcher for bot and server),
 * the assertions say so.
 */
class AliasMatchVectorTest {

  /** The st2 test fixtures' actions (wolfpack.action1..4), by their parameter types. */
  static final Map<String, Map<String, String>> ACTION_TYPES = Map.of(
      "wolfpack.action1",
      Map.of("param1", "string", "param2", "string", "param3", "array", "param4", "string"),
      "wolfpack.action2", Map.of("issue_key", "string"),
      "wolfpack.action3", Map.of("array_param", "array"),
      "wolfpack.action4", Map.of("array_param", "array"));

  static AliasMatcher matcherOf(JsonNode aliases) {
    AliasMatcher matcher = new AliasMatcher(
        ref -> ACTION_TYPES.containsKey(ref) ? ACTION_TYPES.get(ref).keySet() : null,
        AliasFormatParser.DEFAULT_STEP_BUDGET);
    for (ActionAlias alias : Vectors.aliases(aliases)) {
      matcher.put(alias);
    }
    return matcher;
  }

  static Stream<Arguments> serverMatch() {
    return Stream.concat(Vectors.byId("alias-match-vectors.json", "server_match"),
        Vectors.byId("alias-match-vectors.json", "server_match_and_execute"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverMatch")
  void matchesLikeStackStormsServer(JsonNode v) {
    AliasMatcher matcher = matcherOf(v.get("aliases"));
    String command = v.get("command").asText();
    if (v.path("error").asBoolean(false)) {
      String message = v.get("error_message").asText();
      var thrown = assertThatThrownBy(() -> matcher.match(command))
          .isInstanceOf(BadRequestException.class);
      if (message.contains("matched more than 1")) {
        // divergence 5: StackStorm's text, then the candidates
        thrown.message().startsWith(message + ": ");
      } else {
        thrown.hasMessage(message);
      }
      assertThat(v.path("http_status").asInt(400)).isEqualTo(400);
      return;
    }
    AliasMatch match = matcher.match(command);
    JsonNode expect = v.get("expect");
    assertThat(match.alias().name()).isEqualTo(expect.get("alias").asText());
    assertThat(match.representation()).isEqualTo(expect.get("representation").asText());
    assertThat(match.display()).isEqualTo(expect.get("display").asText());
    Map<String, String> types = ACTION_TYPES.getOrDefault(match.alias().actionRef(), Map.of());
    if (v.has("expect_error_after_match")) {
      assertThatThrownBy(() -> AliasParameters.prepare(match, types, UnaryOperator.identity()))
          .isInstanceOf(BadRequestException.class)
          .hasMessage(v.get("expect_error_after_match").asText());
    }
    if (v.has("expect_executions")) {
      assertThat(AliasParameters.prepare(match, types, UnaryOperator.identity()))
          .isEqualTo(Vectors.plain(v.get("expect_executions")));
    }
  }

  static Stream<Arguments> exactlyOne() {
    return Vectors.byId("alias-match-vectors.json", "format_list_exactly_one");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exactlyOne")
  void findsExactlyOneFormatString(JsonNode v) {
    List<String> formats = new ArrayList<>();
    v.get("format_strings").forEach(f -> formats.add(f.asText()));
    String command = v.get("command").asText();
    if (v.path("error").asBoolean(false)) {
      assertThatThrownBy(() -> AliasFormatParser.requireExactlyOneMatch(formats, command))
          .isInstanceOf(BadRequestException.class)
          .hasMessage(v.get("error_message").asText());
    } else {
      assertThat(AliasFormatParser.requireExactlyOneMatch(formats, command))
          .isEqualTo(v.get("expect").get("format").asText());
    }
  }

  static Stream<Arguments> listFormats() {
    return Vectors.byId("alias-match-vectors.json", "list_format_strings");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listFormats")
  void expandsFormatsIntoDisplayAndRepresentation(JsonNode v) {
    List<Map<String, Object>> actual = new ArrayList<>();
    for (ActionAlias alias : Vectors.aliases(v.get("aliases"))) {
      for (AliasPattern p : AliasPattern.of(alias)) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("display", p.display());
        row.put("representation", p.representation());
        actual.add(row);
      }
    }
    assertThat(actual).isEqualTo(Vectors.plain(v.get("expect_patterns")));
  }

  static Stream<Arguments> help() {
    return Vectors.byId("alias-match-vectors.json", "help");
  }

  static List<ActionAlias> helpFixture() {
    for (JsonNode v : Vectors.load("alias-match-vectors.json")) {
      if (v.path("kind").asText().equals("help_fixture")) {
        return Vectors.aliases(v.get("aliases"));
      }
    }
    throw new IllegalStateException("no help fixture");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("help")
  void buildsHelpLikeStackStorm(JsonNode v) {
    JsonNode args = v.get("args");
    Object filter = Vectors.plain(args.get("filter"));
    Object pack = Vectors.plain(args.get("pack"));
    Object limit = Vectors.plain(args.get("limit"));
    Object offset = Vectors.plain(args.get("offset"));
    if (v.path("error").asBoolean(false)) {
      assertThatThrownBy(() -> AliasHelp.Query.of(filter, pack, limit, offset))
          .isInstanceOf(BadRequestException.class)
          .satisfies(e -> assertThat(((BadRequestException) e).httpStatus()).isEqualTo(400));
      return;
    }
    AliasHelp.HelpResult result =
        AliasHelp.help(helpFixture(), AliasHelp.Query.of(filter, pack, limit, offset));
    JsonNode expect = v.get("expect");
    assertThat(result.available()).isEqualTo(expect.get("available").asInt());
    assertThat(result.helpstrings()).hasSize(expect.get("helpstrings_count").asInt());
    assertThat(result.helpstrings().stream().map(AliasHelp.HelpString::display).toList())
        .isEqualTo(Vectors.plain(expect.get("displays")));
  }

  static Stream<Arguments> helpApi() {
    return Vectors.byId("alias-match-vectors.json", "help_api");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helpApi")
  void answersTheHelpEndpoint(JsonNode v) {
    String request = v.get("request").asText();
    Map<String, Object> query = new HashMap<>();
    int q = request.indexOf('?');
    if (q >= 0) {
      for (String kv : request.substring(q + 1).split("&")) {
        String[] parts = kv.split("=", 2);
        query.put(parts[0], parts[1]);
      }
    }
    Object limit = query.getOrDefault("limit", AliasHelp.Query.API_DEFAULT_LIMIT);
    AliasHelp.HelpResult result = AliasHelp.help(Vectors.aliases(v.get("aliases")),
        AliasHelp.Query.of(query.get("filter"), query.get("pack"), limit, query.get("offset")));
    JsonNode expect = v.get("expect");
    assertThat(result.available()).isEqualTo(expect.get("available").asInt());
    if (expect.has("helpstrings_count")) {
      assertThat(result.helpstrings()).hasSize(expect.get("helpstrings_count").asInt());
    }
  }

  static Stream<Arguments> hubot() {
    return Vectors.byId("alias-match-vectors.json", "hubot_client_first_match");
  }

  /**
   * hubot picks the first format its own regex accepts; Squall's bot uses the server's matcher
   * (divergence 5). Server-side extraction must be what the vector records; the match is the
   * hubot choice when the server finds exactly one format, and an ambiguity error naming both
   * otherwise (hubot-shorter-2).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("hubot")
  void agreesWithTheServerSideOfHubotVectors(JsonNode v) {
    String command = v.get("command").asText();
    List<String> parsing = new ArrayList<>();
    v.get("server_extract_per_format").fields().forEachRemaining(e -> {
      CompiledFormat format = AliasFormatParser.compile(e.getKey());
      if (e.getValue().isTextual()) {
        assertThatThrownBy(() -> format.parse(command)).isInstanceOf(BadRequestException.class);
      } else {
        assertThat(format.parse(command)).isEqualTo(Vectors.plain(e.getValue()));
        parsing.add(e.getKey());
      }
    });
    AliasMatcher matcher = matcherOf(v.get("aliases_in_load_order"));
    if (parsing.size() == 1) {
      AliasMatch match = matcher.match(command);
      assertThat(match.alias().name()).isEqualTo(v.get("expect").get("command_name").asText());
      assertThat(match.representation()).isEqualTo(v.get("expect").get("format").asText());
    } else {
      assertThatThrownBy(() -> matcher.match(command))
          .isInstanceOf(BadRequestException.class)
          .hasMessageStartingWith("Command '" + command + "' matched more than 1 pattern: ")
          .hasMessageContaining(parsing.get(0)).hasMessageContaining(parsing.get(1));
    }
  }

}
