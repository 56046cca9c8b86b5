package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.corpus.StackStormCorpus;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.pack.LoadResult;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.pack.StackStormCorpusTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every alias of the real StackStorm packs, in one matcher: a command written from each alias's
 * own formats (placeholders filled in) is matched to that alias. Skipped without the corpus.
 */
class CorpusAliasMatchTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][\\w.]*)\\s*(=[^}]*)?}}");
  /** Regex syntax a command cannot be written from mechanically. */
  private static final Pattern REGEX_SYNTAX = Pattern.compile("[\\\\()\\[\\]|*+?^$]");

  @Test
  void everyAliasIsPickedForACommandWrittenFromItsOwnFormats() {
    Path corpus = StackStormCorpus.require();
    LoadResult loaded = new PackLoader().loadAll(List.of(corpus));
    AliasMatcher matcher = new AliasMatcher();
    List<ActionAlias> all = new ArrayList<>();
    for (LoadedPack p : loaded.packs()) {
      assertThat(matcher.replacePack(p.pack().ref(), p.aliases())).as("rejected in " + p.pack().ref()).isEmpty();
      all.addAll(p.aliases());
    }
    assertThat(all).hasSizeGreaterThan(50);
    List<String> wrong = new ArrayList<>();
    int tried = 0;
    for (ActionAlias alias : all) {
      if (!alias.enabled()) {
        continue;
      }
      for (AliasPattern pattern : AliasPattern.of(alias)) {
        String format = pattern.representation();
        if (format.isBlank() || REGEX_SYNTAX.matcher(PLACEHOLDER.matcher(format).replaceAll("")).find()) {
          continue;
        }
        String command = writeCommand(format);
        tried++;
        try {
          AliasMatch m = matcher.match(command);
          if (!m.alias().ref().equals(alias.ref())) {
            wrong.add(command + " -> " + m.alias().ref() + " (expected " + alias.ref() + ")");
          }
        } catch (BadRequestException e) {
          // Two packs may ship the very same format; then the error must name this alias.
          if (!e.getMessage().contains("(" + alias.ref() + ")")) {
            wrong.add(command + " -> " + e.getMessage());
          }
        }
      }
    }
    assertThat(tried).as("formats a command could be written from").isGreaterThan(50);
    assertThat(wrong).isEmpty();
  }

  /** The format with each placeholder given a value of one word (its default's words if any). */
  private static String writeCommand(String format) {
    Matcher m = PLACEHOLDER.matcher(format);
    StringBuilder sb = new StringBuilder();
    int n = 0;
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement("v" + (++n) + m.group(1).replaceAll("\\W", "")));
    }
    m.appendTail(sb);
    return sb.toString().trim();
  }
}
