package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonRegexTest {

  @ParameterizedTest(name = "{0} -> \"{1}\"")
  @CsvSource(delimiter = ';', emptyValue = "", value = {
      "pack install (?P<p>.+);pack install",
      "How do I feel? I feel... x;How do I fee",
      "(.*a){20};",
      "ab{2}cde;cde",
      "(?:please )?deploy now;deploy now",
      "a|bcdef;",
      "[Dd]eploy x;eploy x",
      "x\\.yz;yz"})
  void findsTheLiteralEveryMatchContains(String pattern, String literal) {
    assertThat(PythonRegex.requiredLiteral(pattern)).isEqualTo(literal == null ? "" : literal);
  }
}
