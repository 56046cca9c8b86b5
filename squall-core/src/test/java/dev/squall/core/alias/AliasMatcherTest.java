package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AliasMatcherTest {

  static ActionAlias alias(String pack, String name, String... formats) {
    List<AliasFormat> list = new ArrayList<>();
    for (String f : formats) {
      list.add(AliasFormat.of(f));
    }
    return alias(pack, name, true, list);
  }

  static ActionAlias alias(String pack, String name, boolean enabled, List<AliasFormat> formats) {
    return new ActionAlias(pack, name, "about " + name, enabled, pack + ".act", formats, null, null,
        null, null, null);
  }

  static AliasFormat multi(String display, String representation) {
    return new AliasFormat(display, List.of(representation), true, false);
  }

  // ------------------------------------------------------------ index == scan

  private static final String[] WORDS = {"pack", "install", "get", "show", "deploy", "run",
      "restart", "jira", "fix", "list", "status", "on", "to", "for", "web", "db", "prod", "x"};

  /** A few thousand aliases of every shape the index treats differently. */
  static List<ActionAlias> generated(Random r, int count) {
    List<ActionAlias> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String a = WORDS[r.nextInt(WORDS.length)];
      String b = "w" + r.nextInt(300);
      String c = WORDS[r.nextInt(WORDS.length)];
      List<AliasFormat> formats = new ArrayList<>();
      int shapes = 1 + r.nextInt(2);
      for (int s = 0; s < shapes; s++) {
        formats.add(switch (r.nextInt(12)) {
          case 10 -> AliasFormat.of("(?:please )?" + a + " {{p}} " + b);
          case 11 -> AliasFormat.of("[Dd]" + a + " {{p}}");
          case 0 -> AliasFormat.of(a + " " + b + " {{p}}");
          case 1 -> AliasFormat.of(a + " {{p}} " + c + " {{q}}");
          case 2 -> AliasFormat.of(a + " " + b + " {{p=" + c + "}}");
          case 3 -> AliasFormat.of("{{p}} " + b + " " + c);
          case 4 -> AliasFormat.of("^\\s*" + a + " (?P<k_" + i + ">\\w+)");
          case 5 -> multi(a + " <k>", "(?:\\b|^)" + a + " (?P<k>[a-z]+)(?:\\b|$)");
          case 6 -> AliasFormat.of(a + "s? " + b);
          case 7 -> new AliasFormat("help only " + a, List.of(), false, false);
          case 8 -> AliasFormat.of(a + " " + b + " " + c + i);
          default -> AliasFormat.of(a + "|" + b + " {{p}}");
        });
      }
      out.add(alias("p" + (i % 7), "a" + i, r.nextInt(20) != 0, formats));
    }
    return out;
  }

  static List<String> commands(Random r, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder cmd = new StringBuilder(r.nextInt(4) == 0 ? "  " : "");
      int words = 1 + r.nextInt(4);
      for (int w = 0; w < words; w++) {
        String word = r.nextBoolean() ? WORDS[r.nextInt(WORDS.length)] : "w" + r.nextInt(300);
        cmd.append(w == 0 ? "" : " ").append(word);
      }
      if (r.nextInt(5) == 0) {
        cmd.append(" k=v");
      }
      if (r.nextInt(10) == 0) {
        cmd.append(r.nextInt(3000));
      }
      out.add(cmd.toString());
    }
    out.add("");
    out.add("a=1 b=2");
    return out;
  }

  /** StackStorm's algorithm as written: every format of every enabled alias, two passes. */
  static String scan(List<ActionAlias> aliases, String command,
      Map<String, CompiledFormat> compiled) {
    TrailingPairs.Split split = TrailingPairs.split(command, null, Long.MAX_VALUE);
    for (boolean firstPass : new boolean[] {true, false}) {
      List<String> hits = new ArrayList<>();
      List<String> results = new ArrayList<>();
      for (ActionAlias alias : aliases) {
        boolean eligible = alias.enabled() && alias.formats().stream()
            .anyMatch(f -> f.matchMultiple() != firstPass);
        if (!eligible) {
          continue;
        }
        for (AliasPattern p : AliasPattern.of(alias)) {
          CompiledFormat format =
              compiled.computeIfAbsent(p.representation(), AliasFormatParser::compile);
          Map<String, String> params = format.parseOrNull(command, split);
          if (params != null) {
            hits.add("\"" + p.representation() + "\" (" + alias.ref() + ")");
            results.add(alias.ref() + "|" + p.representation() + "|"
                + (p.matchMultiple() ? format.parseAll(command, null) : List.of(params)));
          }
        }
      }
      if (hits.size() > 1) {
        return "Command '" + command + "' matched more than 1" + (firstPass ? "" : " (multi)")
            + " pattern: " + String.join(", ", hits);
      }
      if (hits.size() == 1) {
        return results.get(0);
      }
    }
    return "Command '" + command + "' matched no patterns";
  }

  static String viaMatcher(AliasMatcher matcher, String command) {
    try {
      AliasMatch m = matcher.match(command);
      return m.alias().ref() + "|" + m.representation() + "|" + m.parameterSets();
    } catch (BadRequestException e) {
      return e.getMessage();
    }
  }

  @Test
  void indexGivesTheSameAnswersAsTryingEveryFormat() {
    Random r = new Random(42);
    List<ActionAlias> aliases = generated(r, 3000);
    AliasMatcher matcher = new AliasMatcher();
    for (int pack = 0; pack < 7; pack++) {
      String name = "p" + pack;
      assertThat(matcher.replacePack(name,
          aliases.stream().filter(a -> a.pack().equals(name)).toList())).isEmpty();
    }
    // the scan must see aliases in the matcher's order (pack by pack) for identical messages
    List<ActionAlias> inMatcherOrder = matcher.aliases();
    int matched = 0;
    Map<String, CompiledFormat> compiled = new java.util.HashMap<>();
    for (String command : commands(r, 300)) {
      String expected = scan(inMatcherOrder, command, compiled);
      assertThat(viaMatcher(matcher, command)).as(command).isEqualTo(expected);
      if (!expected.startsWith("Command '")) {
        matched++;
      }
    }
    assertThat(matched).as("commands that matched exactly one alias").isGreaterThan(20);
  }

  @Test
  void commandOnlyRunsTheRegexesOfAliasesSharingItsPrefix() {
    AliasMatcher matcher = new AliasMatcher();
    List<ActionAlias> aliases = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      aliases.add(alias("big", "a" + i, "service" + i + " restart {{host}}"));
    }
    aliases.add(alias("big", "any", "{{anything}} please"));
    matcher.replacePack("big", aliases);
    assertThat(matcher.match("service4242 restart web1").alias().name()).isEqualTo("a4242");
    // of 10,001 representations only "service4242 restart {{host}}" and "{{anything}} please"
    assertThat(matcher.candidateCount("service4242 restart web1")).isEqualTo(2);
  }

  // ------------------------------------------------------------ passes and errors

  @Test
  void ambiguityNamesTheCandidates() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("a", "one", "deploy {{app}}"));
    matcher.put(alias("b", "two", "deploy {{service}}"));
    assertThatThrownBy(() -> matcher.match("deploy web"))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Command 'deploy web' matched more than 1 pattern: "
            + "\"deploy {{app}}\" (a.one), \"deploy {{service}}\" (b.two)");
  }

  @Test
  void matchMultipleAliasesAreOnlyTriedWhenNoPlainFormatMatches() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("j", "fixes", true,
        List.of(multi("fixes <key>", "(?:\\b|^)fixes (?P<key>[A-Z]+-\\d+)(?:\\b|$)"))));
    matcher.put(alias("j", "plain", "fixes {{key}} now"));
    assertThat(matcher.match("fixes AB-1 now").alias().name()).isEqualTo("plain");
    AliasMatch multi = matcher.match("this fixes AB-1 and fixes CD-2");
    assertThat(multi.alias().name()).isEqualTo("fixes");
    assertThat(multi.matchMultiple()).isTrue();
    assertThat(multi.parameterSets())
        .containsExactly(Map.of("key", "AB-1"), Map.of("key", "CD-2"));
  }

  @Test
  void noMatchSaysSo() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("a", "one", "deploy {{app}}"));
    assertThatThrownBy(() -> matcher.match("hello donny"))
        .hasMessage("Command 'hello donny' matched no patterns");
  }

  @Test
  void trailingPairsRespectTheActionsParameterNames() {
    AliasMatcher matcher = new AliasMatcher(
        ref -> ref.equals("c.run") ? java.util.Set.of("cmd", "timeout") : null, 1_000_000);
    matcher.put(new ActionAlias("c", "run", null, true, "c.run",
        List.of(AliasFormat.of("run {{cmd}}")), null, null, null, null, null));
    assertThat(matcher.match("run curl https://x/?a=1 timeout=5").parameters())
        .isEqualTo(Map.of("cmd", "curl https://x/?a=1", "timeout", "5"));
    assertThat(matcher.match("run echo a=1").parameters()).isEqualTo(Map.of("cmd", "echo a=1"));
  }

  @Test
  void displayOnlyEntryMatchesACommandMadeOnlyOfPairsLikeStackStormsServer() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("p", "help", true, List.of(new AliasFormat("Watch this.", List.of(), false,
        false))));
    matcher.put(alias("p", "deploy", "deploy {{app}}"));
    AliasMatch match = matcher.match("a=1");
    assertThat(match.alias().name()).isEqualTo("help");
    assertThat(match.representation()).isEmpty();
    assertThat(match.display()).isEqualTo("Watch this.");
    assertThat(match.parameters()).isEqualTo(Map.of("a", "1"));
  }

  // ------------------------------------------------------------ updates and isolation

  @Test
  void badFormatIsRefusedWithItsReasonAndHarmsNoOtherAlias() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("a", "good", "deploy {{app}}"));
    assertThatThrownBy(() -> matcher.put(alias("a", "bad", "break {{a-b}}")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Alias \"a.bad\" has an invalid format \"break {{a-b}}\": "
            + "bad character in group name 'a-b'");
    assertThat(matcher.get("a.bad")).isEmpty();
    assertThat(matcher.match("deploy web").alias().name()).isEqualTo("good");
    assertThatThrownBy(() -> AliasMatcher.validate(alias("a", "bad", "x (")))
        .hasMessageStartingWith("Alias \"a.bad\" has an invalid format \"x (\": ");
  }

  @Test
  void replacePackLoadsTheGoodAliasesAndReportsTheBadOnes() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("p", "old", "old {{x}}"));
    matcher.put(alias("other", "keep", "keep {{x}}"));
    List<AliasMatcher.Rejection> rejected = matcher.replacePack("p", List.of(
        alias("p", "new", "new {{x}}"), alias("p", "bad", "bad {{x}} {{x}}")));
    assertThat(rejected).singleElement().satisfies(rej -> {
      assertThat(rej.alias().name()).isEqualTo("bad");
      assertThat(rej.reason()).contains("redefinition of group name 'x'");
    });
    assertThat(matcher.match("new 1").alias().name()).isEqualTo("new");
    assertThat(matcher.match("keep 1").alias().name()).isEqualTo("keep");
    assertThatThrownBy(() -> matcher.match("old 1")).hasMessageContaining("matched no patterns");
  }

  @Test
  void removedAndDisabledAliasesDoNotMatch() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("p", "gone", "gone {{x}}"));
    matcher.put(alias("p", "off", false, List.of(AliasFormat.of("off {{x}}"))));
    assertThat(matcher.remove("p.gone")).isTrue();
    assertThat(matcher.remove("p.gone")).isFalse();
    assertThatThrownBy(() -> matcher.match("gone 1")).hasMessageContaining("matched no patterns");
    assertThatThrownBy(() -> matcher.match("off 1")).hasMessageContaining("matched no patterns");
    assertThat(matcher.aliases()).extracting(ActionAlias::name).containsExactly("off");
  }

  @Test
  void readersSeeConsistentSnapshotsWhileAPackReloads() throws Exception {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("stable", "s", "stable {{x}}"));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        readers.add(pool.submit(() -> {
          int n = 0;
          while (!stop.get()) {
            assertThat(matcher.match("stable 1").alias().name()).isEqualTo("s");
            n++;
          }
          return n;
        }));
      }
      for (int i = 0; i < 300; i++) {
        matcher.replacePack("churn", List.of(alias("churn", "c" + i, "churn" + i + " {{x}}")));
      }
      stop.set(true);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get()).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(matcher.match("churn299 y").alias().name()).isEqualTo("c299");
  }

  // ------------------------------------------------------------ suggestions

  @Test
  void suggestsTheClosestFormatsForATypo() {
    AliasMatcher matcher = new AliasMatcher();
    matcher.put(alias("packs", "install", "pack install {{packs}}"));
    matcher.put(alias("packs", "get", "pack get {{pack}}"));
    matcher.put(alias("ops", "deploy", "deploy {{app}} to {{env}}"));
    assertThat(matcher.closest("pack isntall st2", 2)).first().isEqualTo("pack install {{packs}}");
    assertThat(matcher.closest("deplyo web to prod", 3)).containsExactly("deploy {{app}} to {{env}}");
    assertThat(matcher.closest("hello donny", 3)).isEmpty();
  }
}
