package dev.squall.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.Runners;
import dev.squall.core.corpus.StackStormCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loads the real StackStorm packs of the shared corpus (see {@link StackStormCorpus} when it is absent). */
public class StackStormCorpusTest {

  private static Path corpus;
  private static LoadResult result;

  @BeforeAll
  static void load() {
    corpus = StackStormCorpus.require();
    result = new PackLoader().loadAll(List.of(corpus));
  }

  /**
   * The two example chains whose {@code on-failure} names a node that is not there: StackStorm's
   * {@code ChainHolder.validate} refuses them with this reason before any node runs.
   */
  private static final List<String> CHAINS_STACKSTORM_REFUSES = List.of(
      "examples/actions/chains/echochain_task_failure.yaml:9: action-chain error: Unable to find"
          + " node with name \"c4\" referenced in \"on-failure\" in task \"c1\".",
      "examples/actions/chains/echochain_top_level_failure.yaml:9: action-chain error: Unable to"
          + " find node with name \"c4\" referenced in \"on-failure\" in task \"c1\".");

  @Test
  void loadsEveryPackWithoutErrorsButTheTwoChainsStackStormAlsoRefuses() {
    assertThat(result.errors()).extracting(p -> corpus.relativize(p.file()) + ":" + p.line() + ": "
        + p.message()).containsExactlyInAnyOrderElementsOf(CHAINS_STACKSTORM_REFUSES);
    assertThat(result.packs()).hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void parsesEveryActionFileButTheChainsStackStormRefuses() throws IOException {
    long files = countFiles("actions");
    long actions = result.packs().stream().mapToLong(p -> p.actions().size()).sum();
    assertThat(actions).isEqualTo(files - CHAINS_STACKSTORM_REFUSES.size());
  }

  @Test
  void parsesEveryRuleFileIncludingTheChatopsNotifyRule() throws IOException {
    long files = countFiles("rules");
    long rules = result.packs().stream().mapToLong(p -> p.rules().size()).sum();
    assertThat(rules).isEqualTo(files).isPositive();
    assertThat(result.packs()).flatExtracting(LoadedPack::rules).anySatisfy(r -> {
      assertThat(r.ref()).isEqualTo("chatops.notify");
      assertThat(r.trigger().type()).isEqualTo("core.st2.generic.notifytrigger");
      assertThat(r.action().ref()).isEqualTo("chatops.post_result");
    });
  }

  @Test
  void parsesEveryAliasFile() throws IOException {
    long files = countFiles("aliases");
    long aliases = result.packs().stream().mapToLong(p -> p.aliases().size()).sum();
    assertThat(aliases).isEqualTo(files).isPositive();
  }

  @Test
  void parsesEveryConfigSchema() throws IOException {
    try (Stream<Path> s = Files.list(corpus)) {
      List<String> withSchema = s.filter(p -> Files.exists(p.resolve("config.schema.yaml")))
          .map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(withSchema).isNotEmpty();
      for (LoadedPack p : result.packs()) {
        if (withSchema.contains(p.pack().dir().getFileName().toString())) {
          assertThat(p.configSchema()).as(p.pack().ref()).isNotEmpty();
        }
      }
    }
  }

  @Test
  void warnsThatUnsupportedRunnersCannotRunYet() {
    long unsupported = result.packs().stream().flatMap(p -> p.actions().stream())
        .filter(a -> !Runners.find(a.runnerType()).orElseThrow().supported()).count();
    long warnings = result.problems().stream()
        .filter(p -> !p.isError() && p.message().contains("not supported yet")).count();

    assertThat(unsupported).isPositive();
    assertThat(warnings).isEqualTo(unsupported);
    LoadedPack core = result.packs().stream().filter(p -> p.pack().ref().equals("core"))
        .findFirst().orElseThrow();
    assertThat(core.actions()).anySatisfy(a -> {
      assertThat(a.ref()).isEqualTo("core.local");
      assertThat(Runners.find(a.runnerType()).orElseThrow().supported()).isTrue();
    });
  }

  @Test
  void everyOtherActionChainOfTheCorpusPassesInspectionAndLoads() throws IOException {
    List<Path> chainFiles;
    try (Stream<Path> s = Files.walk(corpus)) {
      chainFiles = s.filter(p -> p.toString().matches(".*/actions/[^/]+\\.(yaml|yml)$"))
          .filter(p -> {
            try {
              return Files.readString(p).matches("(?s).*runner_type:\\s*[\"']?action-chain.*");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).toList();
    }
    List<dev.squall.core.action.ActionDef> chains = result.packs().stream()
        .flatMap(p -> p.actions().stream())
        .filter(a -> a.runnerType().equals("action-chain")).toList();

    assertThat(chainFiles).hasSizeGreaterThanOrEqualTo(32);
    assertThat(chains).hasSize(chainFiles.size() - CHAINS_STACKSTORM_REFUSES.size());
    // publish_data.yaml gives three later nodes a "description", which StackStorm ignores
    assertThat(result.problems()).filteredOn(p -> p.message().startsWith("action-chain"))
        .filteredOn(p -> !p.isError())
        .extracting(p -> corpus.relativize(p.file()) + ":" + p.line())
        .containsExactly("examples/actions/chains/publish_data.yaml:30",
            "examples/actions/chains/publish_data.yaml:37",
            "examples/actions/chains/publish_data.yaml:45");
  }

  @Test
  void everyLoadedActionHasAValidMergedSchema() {
    result.packs().stream().flatMap(p -> p.actions().stream()).forEach(a ->
        assertThat(ParameterSchema.of(Runners.find(a.runnerType()).orElseThrow(), a)
            .parameters()).as(a.ref()).isNotNull());
  }

  private static long countFiles(String folder) throws IOException {
    try (Stream<Path> packs = Files.list(corpus)) {
      return packs.filter(p -> Files.exists(p.resolve("pack.yaml")))
          .map(p -> p.resolve(folder))
          .filter(Files::isDirectory)
          .mapToLong(d -> {
            try (Stream<Path> f = Files.list(d)) {
              return f.filter(Files::isRegularFile)
                  .filter(x -> x.toString().matches(".*\\.(yaml|yml|json)$")).count();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).sum();
    }
  }
}
