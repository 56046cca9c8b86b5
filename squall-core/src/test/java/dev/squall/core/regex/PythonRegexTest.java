package dev.squall.core.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
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

  @Test
  void namedGroupsBecomeSyntheticGroupsInOrderWithTheirPythonNamesKept() {
    PythonRegex.Translated t = PythonRegex.toJava("(?P<user_name>\\w+)@(?P<host>\\w+)(?P=host)\\Z");

    assertThat(t.pattern()).isEqualTo("(?<g1>\\w+)@(?<g2>\\w+)\\k<g2>\\z");
    assertThat(t.groupNames()).containsExactly("user_name", "host");
    Matcher m = PythonRegex.compile("(?P<user_name>\\w+)@(?P<host>\\w+)", 0).matcher("me@box");
    assertThat(m.matches()).isTrue();
    assertThat(m.group("g" + (t.groupNames().indexOf("user_name") + 1))).isEqualTo("me");
  }

  @Test
  void aReplacementNamesGroupsAsPythonDoes() {
    PythonRegex.Translated t = PythonRegex.toJava("(?P<user_name>\\w+)@(?P<host_name>\\w+)");

    assertThat(t.replacement("\\g<host_name>/\\g<user_name>/\\g<2>/\\1 $5 \\\\ \\n"))
        .isEqualTo("${g2}/${g1}/$2/$1 \\$5 \\\\ \n");
    assertThat(PythonRegex.compile("(?P<user_name>\\w+)@(?P<host_name>\\w+)", 0).matcher("me@box")
        .replaceAll(t.replacement("\\g<host_name> for \\g<user_name>"))).isEqualTo("box for me");
  }

  @Test
  void aReplacementNamingNoGroupIsRefused() {
    PythonRegex.Translated t = PythonRegex.toJava("(?P<a>x)");

    assertThatThrownBy(() -> t.replacement("\\g<b>"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown group name 'b'");
  }

  @Test
  void patternsPythonRefusesAreRefusedWithPythonsReason() {
    for (var bad : List.of(List.of("(?P<a-b>x)", "bad character in group name 'a-b'"),
        List.of("(?P<a>x)(?P<a>y)", "redefinition of group name 'a'"),
        List.of("(?P=nope)", "unknown group name 'nope'"))) {
      assertThatThrownBy(() -> PythonRegex.compile(bad.get(0), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(PythonRegex.reason((IllegalArgumentException) e)).isEqualTo(bad.get(1)));
    }
  }

  @Test
  void javaSyntaxErrorsAreExplainedWithoutThePattern() {
    assertThatThrownBy(() -> PythonRegex.compile("(unclosed", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(PythonRegex.reason((IllegalArgumentException) e)).isEqualTo("Unclosed group"));
  }

  @Test
  void aBraceThatStartsNoQuantifierIsALiteral() {
    assertThat(PythonRegex.compile("a{b}", 0).matcher("a{b}").matches()).isTrue();
    assertThat(PythonRegex.compile("a{2}", 0).matcher("aa").matches()).isTrue();
  }
}
