package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.core.error.BadRequestException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every entry of alias-vectors.json, through the parser the matcher and the API use. */
class AliasFormatParserVectorTest {

  static Stream<Arguments> vectors() {
    return Vectors.byId("alias-vectors.json", null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parsesLikeStackStorm(JsonNode v) {
    String format = v.get("format").asText();
    String command = v.get("command").asText();
    CompiledFormat compiled = AliasFormatParser.compile(format);
    if (v.path("error").asBoolean(false)) {
      var thrown = assertThatThrownBy(() -> compiled.parse(command, null))
          .isInstanceOf(BadRequestException.class);
      if (v.has("error_message")) {
        thrown.hasMessage(v.get("error_message").asText());
      }
      return;
    }
    assertThat(compiled.parse(command, null)).isEqualTo(Vectors.plain(v.get("expect")));
    if (v.path("match_multiple").asBoolean(false)) {
      assertThat(compiled.parseAll(command, null)).isEqualTo(Vectors.plain(v.get("expect_multiple")));
    }
  }
}
