package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedRegexTest {

  /** Polynomial of degree 20: billions of steps on a line of a's that does not end well. */
  private static final String HOSTILE = "(.*a){20}";
  private static final String AS = "a".repeat(40) + "!";

  @Test
  void catastrophicBacktrackingEndsWithAClearError() {
    CompiledFormat format = AliasFormatParser.compile(HOSTILE);
    assertThatThrownBy(() -> format.parse(AS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("Format string \"(.*a){20}\" took too long to match command");
  }

  @Test
  void nestedQuantifierEitherFailsPlainlyOrHitsTheBudget() {
    // Java memoizes (a+)+ loops, so this classic ends as a plain mismatch; either way it ends.
    assertThatThrownBy(() -> AliasFormatParser.parse("(a+)+b", AS))
        .isInstanceOf(BadRequestException.class)
        .message().satisfiesAnyOf(
            m -> assertThat(m).contains("doesn't match format string"),
            m -> assertThat(m).contains("took too long to match"));
  }

  @Test
  void smallBudgetStopsEvenAnOrdinaryFormat() {
    CompiledFormat format = AliasFormatParser.compile("run {{cmd}} on {{hosts}}", 50);
    assertThatThrownBy(() -> format.parse("run " + "x ".repeat(100) + "on host"))
        .hasMessageContaining("took too long to match");
  }

  @Test
  void hostileAliasDoesNotStopOtherAliasesFromMatching() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("evil", HOSTILE));
    matcher.put(alias("deploy", "deploy {{app}}"));
    assertThat(matcher.match("deploy web").alias().name()).isEqualTo("deploy");
    // nothing else matches: the user learns why instead of waiting forever
    assertThatThrownBy(() -> matcher.match(AS)).hasMessageContaining("took too long to match");
  }

  @Test
  void manySpacedPairsFollowedByTextDoNotBacktrackExponentially() {
    String command = "run " + "a=1  ".repeat(40) + "x";
    assertThat(AliasFormatParser.parse("run {{cmd}}", command))
        .isEqualTo(Map.of("cmd", command.substring(4)));
  }

  private static ActionAlias alias(String name, String format) {
    return new ActionAlias("test", name, null, true, "core.noop", List.of(AliasFormat.of(format)),
        null, null, null, null, null);
  }
}
