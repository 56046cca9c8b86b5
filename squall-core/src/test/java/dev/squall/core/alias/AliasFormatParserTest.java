package dev.squall.core.alias;

import static dev.squall.core.alias.AliasFormatParser.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AliasFormatParserTest {

  private static boolean matches(String format, String command) {
    return AliasFormatParser.compile(format).matches(command, null);
  }

  // ------------------------------------------------------------ anchoring (spec §2.3 step 3c)

  @ParameterizedTest(name = "{0} ~ \"{1}\" -> {2}")
  @CsvSource(delimiter = ';', value = {
      // a$|b compiles as ^\s*a$|b\s*$
      // ... and the padding space defeats a$
      "a$|b;a;false", "a$|b;xb;true", "a$|b;ax;false",
      // a|b$ compiles as ^\s*a|b$ : the padding space defeats b$
      "a|b$;ax;true", "a|b$;xb;false",
      // a|^b compiles as a|^b\s*$ : 'a' anywhere
      "a|^b;xay;true",
      // x|y|^z compiles as ^\s*x|y|^z\s*$ : 'y' anywhere
      "x|y|^z;qyq;true",
      // (^a)?b: the quantified group is not searched, so ^\s* is still added
      "(^a)?b;xb;false", "(^a)?b;b;true",
      // (?:^a)b counts as anchored: no ^\s*, and ^a can never meet the padded command
      "(?:^a)b;ab;false"})
  void anchorsLikeStackStorm(String format, String command, boolean expected) {
    assertThat(matches(format, command)).isEqualTo(expected);
  }

  @Test
  void unanchoredFormatMatchesInsideTheCommand() {
    assertThat(parse("(?:\\b|^)fixes (?P<issue_key>[A-Z]+-[0-9]+)(?:\\b|$)", "it fixes AB-1 today"))
        .isEqualTo(Map.of("issue_key", "AB-1"));
  }

  // ------------------------------------------------------------ the parser's semantics

  @Test
  void firstParameterIsLazy() {
    assertThat(parse("run {{cmd}} on {{hosts}}", "run ls on x on host1"))
        .isEqualTo(Map.of("cmd", "ls", "hosts", "x on host1"));
  }

  @Test
  void keepsAnUnbalancedQuote() {
    assertThat(parse("run {{cmd}}", "run 'a b' c")).isEqualTo(Map.of("cmd", "a b' c"));
    assertThat(parse("run {{cmd}}", "run \"a b\"")).isEqualTo(Map.of("cmd", "a b"));
  }

  @Test
  void literalTextIsARegex() {
    assertThat(parse("How do I feel? I feel... {{s}}!", "How do I fee I feelXXX great!"))
        .isEqualTo(Map.of("s", "great"));
  }

  @Test
  void spacesAreExactAndCaseMatters() {
    assertThat(matches("foo bar", "foo   bar")).isFalse();
    assertThat(matches("Foo", "foo")).isFalse();
  }

  @Test
  void dotMatchesNewlines() {
    assertThat(parse("run {{cmd}}", "run a\nb")).isEqualTo(Map.of("cmd", "a\nb"));
  }

  @Test
  void spaceAfterEqualsIsNoPair() {
    assertThat(parse("foo {{a}}", "foo k= v")).isEqualTo(Map.of("a", "k= v"));
    assertThat(parse("foo {{a}}", "foo x k =v")).isEqualTo(Map.of("a", "x", "k", "v"));
  }

  @Test
  void pairsOverridePositionalValuesAndDefaults() {
    assertThat(parse("foo {{a=1}}", "foo x a=2")).isEqualTo(Map.of("a", "2"));
  }

  @Test
  void emptyFormatTakesOnlyPairs() {
    assertThat(parse("", "a=1 b=\"x y\"")).isEqualTo(Map.of("a", "1", "b", "x y"));
    assertThatThrownBy(() -> parse("", "hello"))
        .hasMessage("Command \"hello\" doesn't match format string \"\"");
  }

  @Test
  void reportsMissingValueWhenNothingWasGiven() {
    assertThatThrownBy(() -> parse("{{a=''}}", ""))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("No value supplied and no default value found.");
    assertThatThrownBy(() -> parse("{{a=''}}", "k=''"))
        .hasMessage("No value supplied and no default value found.");
  }

  // ------------------------------------------------------------ DESIGN.md divergences 1-3

  @Test
  void keepsUrlWithEqualsWhole() {
    assertThat(parse("bar {{url}}", "bar https://x/api?some=url"))
        .isEqualTo(Map.of("url", "https://x/api?some=url"));
  }

  @Test
  void trailingPairMustNameAKnownParameter() {
    assertThat(parse("run {{cmd}}", "run echo a=1", Set.of("cmd")))
        .isEqualTo(Map.of("cmd", "echo a=1"));
    assertThat(parse("run {{cmd}}", "run echo a=1", Set.of("cmd", "a")))
        .isEqualTo(Map.of("cmd", "echo", "a", "1"));
    // an unknown key ends the run: only the pairs after it are taken
    assertThat(parse("run {{cmd}}", "run echo b=2 a=1", Set.of("cmd", "a")))
        .isEqualTo(Map.of("cmd", "echo b=2", "a", "1"));
  }

  @Test
  void removesOnlyTheTrailingRunOfPairs() {
    assertThat(parse("run {{cmd}}", "run echo a=1 x a=1"))
        .isEqualTo(Map.of("cmd", "echo a=1 x", "a", "1"));
  }

  @Test
  void whitespaceOnlyCaptureIsNoValue() {
    assertThat(parse("deploy {{app}}", "deploy ")).isEmpty();
    assertThat(parse("deploy {{app=web}}", "deploy ")).isEqualTo(Map.of("app", "web"));
  }

  // ------------------------------------------------------------ Java regex pitfalls (§2.8)

  @Test
  void acceptsUnderscoresInParameterNames() {
    assertThat(parse("jira {{issue_key}} {{new_state=open}}", "jira AB-1"))
        .isEqualTo(Map.of("issue_key", "AB-1", "new_state", "open"));
    assertThat(parse("(?P<my_key>\\w+)-(?P=my_key)", "ab-ab")).isEqualTo(Map.of("my_key", "ab"));
  }

  @Test
  void treatsBareBracesAsLiteralsAndQuantifiersAsQuantifiers() {
    assertThat(parse("set {a} {{v}}", "set {a} 1")).isEqualTo(Map.of("v", "1"));
    assertThat(parse("ab{2} {{n}}", "abb 3")).isEqualTo(Map.of("n", "3"));
    assertThat(parse("ab{,2}c {{n}}", "ac 3")).isEqualTo(Map.of("n", "3"));
    assertThat(parse("x[{]y {{n}}", "x{y 3")).isEqualTo(Map.of("n", "3"));
  }

  @Test
  void translatesPythonEndOfStringAnchor() {
    assertThat(parse("foo (?P<n>\\d+)\\s*\\Z", "foo 12")).isEqualTo(Map.of("n", "12"));
  }

  @Test
  void whitespaceClassIncludesNoBreakSpace() {
    assertThat(parse("hello\\s+{{who}}", "hello\u00A0world")).isEqualTo(Map.of("who", "world"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "run {{a-b}};bad character in group name 'a-b'",
      "run {{a}} {{a}};redefinition of group name 'a'",
      "run (unclosed {{a}};Unclosed group"})
  void rejectsFormatsThatDoNotCompileWithTheReason(String format, String reason) {
    assertThatThrownBy(() -> AliasFormatParser.compile(format))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("Invalid format string \"" + format + "\": ")
        .hasMessageContaining(reason);
  }
}
