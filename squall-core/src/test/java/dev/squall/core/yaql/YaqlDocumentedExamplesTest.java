package dev.squall.core.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of yaql's standard library documentation (yaql/standard_library/*.py docstrings)
 * evaluates to the documented result: same value and same number types (Long vs Double).
 */
class YaqlDocumentedExamplesTest {

  private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  static Stream<Arguments> examples() throws IOException {
    try (InputStream in = YaqlDocumentedExamplesTest.class.getResourceAsStream("/yaql/doc-examples.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\t", 2))
          .map(p -> Arguments.of(p[0], p[1]))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0} => {1}")
  @MethodSource("examples")
  void evaluatesAsDocumented(String expression, String documented) throws IOException {
    if (documented.equals("!error")) {
      assertThatThrownBy(() -> Yaql.evaluate(expression, null, YaqlFunctions.standard()))
          .isInstanceOf(YaqlException.class);
      return;
    }
    Object expected = Values.output(JSON.readValue(documented, Object.class));
    assertThat(Yaql.evaluate(expression, null, YaqlFunctions.standard())).isEqualTo(expected);
  }
}
