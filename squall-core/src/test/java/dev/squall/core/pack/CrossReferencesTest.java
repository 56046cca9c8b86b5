package dev.squall.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.problem.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossReferencesTest {

  @TempDir Path packs;

  private Path pack(String name) throws Exception {
    Path dir = packs.resolve(name);
    Files.createDirectories(dir.resolve("actions"));
    Files.createDirectories(dir.resolve("aliases"));
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("pack.yaml"), "name: " + name + "\nversion: 1.0.0\n");
    Files.writeString(dir.resolve("actions/deploy.yaml"), "name: deploy\nrunner_type: noop\n");
    return dir;
  }

  private List<Problem> check(boolean complete) {
    return CrossReferences.check(new PackLoader().loadAll(List.of(packs)).packs(), complete);
  }

  @Test
  void anAliasNamingAMissingActionIsReportedWithItsLineAndTheClosestAction() throws Exception {
    Path ops = pack("ops");
    Files.writeString(ops.resolve("aliases/deploy.yaml"),
        "name: deploy\ndescription: x\naction_ref: ops.deplyo\nformats:\n  - deploy {{app}}\n");

    assertThat(check(false)).singleElement().satisfies(p -> {
      assertThat(p.file()).hasFileName("deploy.yaml");
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).contains("alias ops.deploy runs action \"ops.deplyo\", which does not exist")
          .contains("did you mean \"ops.deploy\"");
    });
  }

  @Test
  void aRuleNamingAnActionOfAnUninstalledPackIsReportedOnlyWhenEverythingIsLoaded() throws Exception {
    Path ops = pack("ops");
    Files.writeString(ops.resolve("rules/hook.yaml"), """
        name: hook
        pack: ops
        trigger:
          type: core.st2.webhook
          parameters: {url: hook}
        action:
          ref: slack.post_message
        """);

    assertThat(check(false)).isEmpty();
    assertThat(check(true)).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.message()).contains("rule ops.hook runs action \"slack.post_message\"")
          .contains("no pack slack is installed");
    });
  }

  @Test
  void aRuleOnATriggerTypeNoPackDeclaresIsReportedWithTheClosestType() throws Exception {
    Path ops = pack("ops");
    Files.writeString(ops.resolve("rules/hook.yaml"), """
        name: hook
        pack: ops
        trigger:
          type: core.st2.webhok
          parameters: {url: hook}
        action:
          ref: ops.deploy
        """);

    assertThat(check(true)).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message()).contains("rule ops.hook waits for trigger type \"core.st2.webhok\"")
          .contains("did you mean \"core.st2.webhook\"");
    });
  }

  @Test
  void aTriggerTypeDeclaredInThePacksTriggersFolderIsKnownToItsRules() throws Exception {
    Path ops = pack("ops");
    Files.createDirectories(ops.resolve("triggers"));
    Files.writeString(ops.resolve("triggers/changed.yaml"), """
        name: changed
        pack: ops
        description: Something changed
        payload_schema:
          type: object
          properties: {host: {type: string}}
        """);
    Files.writeString(ops.resolve("rules/on_change.yaml"), """
        name: on_change
        pack: ops
        trigger:
          type: ops.changed
        action:
          ref: ops.deploy
        """);

    LoadResult loaded = new PackLoader().loadAll(List.of(packs));

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.packs().getFirst().triggerTypes()).extracting(t -> t.ref()).containsExactly("ops.changed");
    assertThat(CrossReferences.check(loaded.packs(), true)).isEmpty();
  }

  @Test
  void twoAliasesWithTheSameFormatAreAnError() throws Exception {
    Path ops = pack("ops");
    Files.writeString(ops.resolve("aliases/a.yaml"),
        "name: a\naction_ref: ops.deploy\nformats:\n  - \"deploy {{app}}\"\n");
    Files.writeString(ops.resolve("aliases/b.yaml"),
        "name: b\naction_ref: ops.deploy\nformats:\n  - \"deploy   {{app}}\"\n");

    assertThat(check(true)).singleElement().satisfies(p -> {
      assertThat(p.isError()).isTrue();
      assertThat(p.message()).contains("has the format \"deploy {{app}}\" of alias ops.");
    });
  }
}
