package dev.squall.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasFormat;
import dev.squall.core.problem.Problem;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackLoaderTest {

  static Path resource(String name) {
    try {
      return Path.of(PackLoaderTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private final PackLoader loader = new PackLoader();

  @Test
  void reportsThreeMistakesInThreeFilesWithFileAndLine() {
    LoadedPack pack = loader.load(resource("packs/broken_pack"));

    List<Problem> errors = pack.problems().stream().filter(Problem::isError).toList();
    assertThat(errors).hasSize(3);
    assertThat(errors).anySatisfy(p -> {
      assertThat(p.file().getFileName()).hasToString("bad_type.yaml");
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.message()).contains("count", "integr", "did you mean \"integer\"");
    });
    assertThat(errors).anySatisfy(p -> {
      assertThat(p.file().getFileName()).hasToString("bad_runner.yaml");
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message()).contains("local-shell-cmdd", "Did you mean \"local-shell-cmd\"");
    });
    assertThat(errors).anySatisfy(p -> {
      assertThat(p.file().getFileName()).hasToString("wrong_pack.yaml");
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.message()).isEqualTo(
          "Model is in pack \"broken_pack\" but field \"pack\" is different: someone_else");
    });
    assertThat(errors).allSatisfy(p -> assertThat(p.toString()).matches(".*\\.yaml:\\d+: error: .*"));
    // the broken files are skipped, the rest still loads
    assertThat(pack.actions()).extracting(ActionDef::ref).containsExactly("broken_pack.good");
    assertThat(pack.aliases()).isEmpty();
  }

  @Test
  void malformedYamlIsReportedWithLineAndTheRestOfThePackLoads() {
    LoadedPack pack = loader.load(resource("packs/malformed"));

    assertThat(pack.problems()).singleElement().satisfies(p -> {
      assertThat(p.isError()).isTrue();
      assertThat(p.file().getFileName()).hasToString("broken.yaml");
      assertThat(p.line()).isBetween(5, 6);
      assertThat(p.message()).startsWith("invalid YAML at line");
    });
    assertThat(pack.actions()).extracting(ActionDef::ref).containsExactly("malformed.ok");
  }

  @Test
  void loadsActionsWithTheirParametersAndPackFromRef() {
    LoadedPack pack = loader.load(resource("packs/demo"));

    assertThat(pack.hasErrors()).as(pack.problems().toString()).isFalse();
    assertThat(pack.pack().ref()).isEqualTo("demo");
    assertThat(pack.pack().name()).isEqualTo("Demo Pack");
    assertThat(pack.pack().version()).isEqualTo("1.2.3");
    assertThat(pack.actions()).extracting(ActionDef::ref)
        .containsExactly("demo.fetch", "demo.py", "demo.shell");
    ActionDef shell = pack.actions().get(2);
    assertThat(shell.runnerType()).isEqualTo("local-shell-cmd");
    assertThat(shell.parameters().keySet()).startsWith("cmd", "sudo", "count");
    assertThat(shell.parameters().get("cmd").required()).isTrue();
    assertThat(shell.parameters().get("hosts").position()).isZero();
    assertThat(shell.parameters().get("token").secret()).isTrue();
    assertThat(shell.parameters().get("level").enumValues()).containsExactly("low", "high");
    assertThat(shell.notifySpec()).containsKey("on_complete");
    assertThat(shell.metadataFile().getFileName()).hasToString("shell.yaml");
  }

  @Test
  void warnsAboutUnsupportedRunnerAndMissingEntryPoint() {
    LoadedPack pack = loader.load(resource("packs/demo"));

    assertThat(pack.problems()).anySatisfy(p -> {
      assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
      assertThat(p.file().getFileName()).hasToString("py.yaml");
      assertThat(p.message()).contains("runner \"cloudslang\" not supported yet");
    });
    assertThat(pack.problems()).anySatisfy(p -> {
      assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message()).contains("entry_point", "py.py", "does not exist");
    });
  }

  @Test
  void readsEveryAliasFormatForm() {
    LoadedPack pack = loader.load(resource("packs/demo"));

    ActionAlias forms = pack.aliases().stream().filter(a -> a.name().equals("forms")).findFirst()
        .orElseThrow();
    assertThat(forms.pack()).as("filled from the directory").isEqualTo("demo");
    assertThat(forms.enabled()).isTrue();
    assertThat(forms.actionRef()).isEqualTo("demo.shell");
    assertThat(forms.formats()).containsExactly(
        AliasFormat.of("run {{cmd}}"),
        new AliasFormat("exec <cmd>", List.of("exec {{cmd}}", "execute {{cmd}}"), false, false),
        new AliasFormat("shout <cmd>", List.of("shout {{cmd}}"), true, false),
        new AliasFormat("help only", List.of(), false, false));
    assertThat(forms.ack()).containsEntry("enabled", false);
    assertThat(forms.result()).containsEntry("format", "done: {{ execution.result.stdout }}");
    assertThat(forms.extra()).containsKey("slack");
    assertThat(forms.immutableParameters()).isEqualTo(Map.of("verbose", true));
    ActionAlias disabled = pack.aliases().stream().filter(a -> a.name().equals("disabled"))
        .findFirst().orElseThrow();
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.formats()).containsExactly(AliasFormat.of("fetch {{url}}"));
  }

  @Test
  void readsConfigSchemaAndRules() {
    LoadedPack pack = loader.load(resource("packs/demo"));

    assertThat(pack.configSchema()).containsOnlyKeys("api_url", "api_token", "retries", "sensor");
    assertThat(pack.configSchema().get("api_token").secret()).isTrue();
    assertThat(pack.rules()).singleElement().satisfies(r -> {
      assertThat(r.ref()).isEqualTo("demo.notify_ops");
      assertThat(r.enabled()).isTrue();
      assertThat(r.trigger().type()).isEqualTo("core.st2.generic.actiontrigger");
      assertThat(r.criteria()).containsOnlyKeys("trigger.action_ref", "trigger.status");
      assertThat(r.action().parameters()).containsEntry("cmd", "echo {{ trigger.execution_id }}");
    });
    assertThat(pack.problems()).noneMatch(p -> p.file().toString().contains("rules"));
  }

  @Test
  void aBrokenRuleIsReportedWithItsLineAndLeftOut(@org.junit.jupiter.api.io.TempDir Path dir)
      throws java.io.IOException {
    Path pack = dir.resolve("ops");
    java.nio.file.Files.createDirectories(pack.resolve("rules"));
    java.nio.file.Files.writeString(pack.resolve("pack.yaml"), "name: ops\nversion: 1.0.0\n");
    java.nio.file.Files.writeString(pack.resolve("rules/good.yaml"),
        "name: good\ntrigger: {type: core.st2.webhook, parameters: {url: x}}\n"
            + "action: {ref: core.noop}\n");
    java.nio.file.Files.writeString(pack.resolve("rules/bad.yaml"),
        "name: bad\ntrigger: {type: core.st2.webhook, parameters: {url: x}}\n"
            + "criteria:\n  trigger.body.x: {type: equalz, pattern: 1}\n"
            + "action: {ref: core.noop}\n");

    LoadedPack loaded = loader.load(pack);

    assertThat(loaded.rules()).extracting(r -> r.ref()).containsExactly("ops.good");
    assertThat(loaded.problems()).filteredOn(Problem::isError).singleElement().satisfies(p -> {
      assertThat(p.file().getFileName()).hasToString("bad.yaml");
      assertThat(p.line()).isPositive();
      assertThat(p.message()).contains("equalz");
    });
  }

  @Test
  void aBrokenActionChainIsAPackLoadErrorAtItsLineAndTheActionIsLeftOut(
      @org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    Path pack = dir.resolve("ops");
    java.nio.file.Files.createDirectories(pack.resolve("actions/chains"));
    java.nio.file.Files.writeString(pack.resolve("pack.yaml"), "name: ops\nversion: 1.0.0\n");
    for (String name : List.of("good", "bad")) {
      java.nio.file.Files.writeString(pack.resolve("actions/" + name + ".yaml"), "name: " + name
          + "\nrunner_type: action-chain\nentry_point: chains/" + name + ".yaml\n");
    }
    java.nio.file.Files.writeString(pack.resolve("actions/chains/good.yaml"),
        "chain:\n  - name: c1\n    ref: core.noop\n");
    java.nio.file.Files.writeString(pack.resolve("actions/chains/bad.yaml"),
        "chain:\n  - name: c1\n    ref: core.noop\n    on-success: c2\n");

    LoadedPack loaded = loader.load(pack);

    assertThat(loaded.actions()).extracting(a -> a.ref()).containsExactly("ops.good");
    assertThat(loaded.problems()).filteredOn(Problem::isError).singleElement().satisfies(p -> {
      assertThat(p.file().getFileName()).hasToString("bad.yaml");
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message()).isEqualTo("action-chain error: Unable to find node with name \"c2\""
          + " referenced in \"on-success\" in task \"c1\".");
    });
  }

  @Test
  void aFolderWithoutPackYamlIsAnError() {
    LoadedPack pack = loader.load(resource("nopack/stray"));

    assertThat(pack.problems()).singleElement().satisfies(p -> {
      assertThat(p.isError()).isTrue();
      assertThat(p.message()).contains("pack.yaml is missing");
    });
  }

  @Test
  void loadAllKeepsTheFirstOfTwoPacksWithTheSameRefAndWarns() {
    Path first = resource("packs");
    Path second = resource("other-packs");

    LoadResult result = loader.loadAll(List.of(first, second));

    assertThat(result.packs()).extracting(p -> p.pack().ref())
        .containsExactlyInAnyOrder("broken_pack", "demo", "malformed");
    LoadedPack demo = result.packs().stream().filter(p -> p.pack().ref().equals("demo"))
        .findFirst().orElseThrow();
    assertThat(demo.pack().version()).isEqualTo("1.2.3");
    assertThat(result.problems()).anySatisfy(p -> {
      assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
      assertThat(p.message()).contains("\"demo\"", first.resolve("demo").toString());
      assertThat(p.file()).isEqualTo(second.resolve("demo"));
    });
    // one broken pack does not stop the others; their errors are all reported
    assertThat(result.errors()).hasSize(4);
  }

  @Test
  void loadAllLeavesOutFoldersThatAreNoPacks() {
    LoadResult result = loader.loadAll(List.of(resource("nopack"), resource(".").resolve("nix")));

    assertThat(result.packs()).isEmpty();
    assertThat(result.errors()).singleElement().satisfies(p ->
        assertThat(p.message()).contains("pack.yaml is missing"));
    assertThat(result.problems()).anySatisfy(p -> {
      assertThat(p.isError()).isFalse();
      assertThat(p.message()).contains("pack directory does not exist");
    });
  }

  @Test
  void packPathPutsShippedThenHomeThenExtraEntries() {
    Path shipped = resource("packs");
    Path home = resource(".").resolve("home");
    Path extra = resource("other-packs");

    List<Path> path = PackPath.resolve(shipped, Map.of(
        "SQUALL_HOME", resource("nopack").toString(),
        "SQUALL_PACKS_PATH", extra + ":" + home + "/missing"));

    assertThat(path).containsExactly(shipped, extra, home.resolve("missing").normalize());
    assertThat(PackPath.resolve(shipped.resolve("nothing"), Map.of())).isEmpty();
  }
}
