package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AliasHelpTest {

  private static final List<ActionAlias> ALIASES = List.of(
      AliasMatcherTest.alias("zeta", "b", "zeta two"),
      AliasMatcherTest.alias("alpha", "z", "alpha last"),
      AliasMatcherTest.alias("alpha", "a", "alpha first", "alpha second"),
      AliasMatcherTest.alias("zeta", "a", false, List.of(AliasFormat.of("zeta hidden"))));

  private static List<String> displays(AliasHelp.HelpResult result) {
    return result.helpstrings().stream().map(AliasHelp.HelpString::display).toList();
  }

  @Test
  void apiListsAliasesByPackThenNameAndSkipsDisabledOnes() {
    AliasHelp.HelpResult all = AliasHelp.help(AliasHelp.byPackAndName(ALIASES),
        AliasHelp.Query.of(null, null, AliasHelp.Query.API_DEFAULT_LIMIT, null));
    assertThat(displays(all)).containsExactly("alpha first", "alpha second", "alpha last", "zeta two");
    assertThat(all.available()).isEqualTo(4);
    assertThat(all.helpstrings().get(0))
        .isEqualTo(new AliasHelp.HelpString("alpha", "alpha first", "about a"));
  }

  @Test
  void pagesWithOffsetAndLimitWhileCountingEverything() {
    AliasHelp.HelpResult page = AliasHelp.help(AliasHelp.byPackAndName(ALIASES),
        AliasHelp.Query.of("", "", "2", "1"));
    assertThat(displays(page)).containsExactly("alpha second", "alpha last");
    assertThat(page.available()).isEqualTo(4);
  }

  @Test
  void filtersCaseInsensitivelyByRegexAndByPack() {
    AliasHelp.HelpResult result = AliasHelp.help(AliasHelp.byPackAndName(ALIASES),
        AliasHelp.Query.of("^ALPHA (f|l)", "alpha", null, null));
    assertThat(displays(result)).containsExactly("alpha first", "alpha last");
  }

  @Test
  void rejectsAnInvalidFilterWithTheReason() {
    assertThatThrownBy(() -> AliasHelp.help(ALIASES, AliasHelp.Query.of("(", null, null, null)))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("Invalid help filter \"(\": ");
  }
}
