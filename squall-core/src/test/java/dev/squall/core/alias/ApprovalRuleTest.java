package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.problem.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalRuleTest {

  @Test
  void readsTheRuleAnAliasDeclares() {
    Map<String, Object> extra = Map.of("squall", Map.of("approval", Map.of(
        "approvers", List.of("alice", "role:ops"), "count", 2, "ttl", 900, "allow_self", true)));

    ApprovalRule rule = ApprovalRule.of(extra).orElseThrow();

    assertThat(rule.approvers()).containsExactly("alice", "role:ops");
    assertThat(rule.count()).isEqualTo(2);
    assertThat(rule.ttl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(rule.allowSelf()).isTrue();
    assertThat(rule.shownApprovers()).isEqualTo("alice, role ops");
    assertThat(ApprovalRule.of(Map.of())).isEmpty();
  }

  @Test
  void namesEachWrongPartOfTheShape() {
    assertThat(ApprovalRule.problems(Map.of("approvers", List.of(), "count", 0, "ttl", "1h",
        "allow_self", "no", "quorum", 2))).containsExactlyInAnyOrder(
        "extra.squall.approval has an unknown key \"quorum\" (known: approvers, count, ttl, allow_self)",
        "extra.squall.approval.approvers must be a non-empty list of user names and \"role:NAME\"",
        "extra.squall.approval.count must be a whole number of at least 1, not 0",
        "extra.squall.approval.ttl must be a whole number of seconds of at least 1, not 1h",
        "extra.squall.approval.allow_self must be true or false, not no");
    assertThat(ApprovalRule.problems(List.of("bob"))).singleElement().asString().contains("must be a mapping");
    assertThat(ApprovalRule.problems(Map.of("approvers", List.of("bob")))).isEmpty();
  }

  @Test
  void aWrongRuleIsReportedAtPackLoadWithFileAndLine(@TempDir Path dir) throws Exception {
    Path pack = dir.resolve("ops");
    Files.createDirectories(pack.resolve("aliases"));
    Files.writeString(pack.resolve("pack.yaml"), "name: ops\nversion: 1.0.0\n");
    Files.writeString(pack.resolve("aliases/deploy.yaml"), """
        name: deploy
        action_ref: core.noop
        formats: ["deploy"]
        extra:
          squall:
            approval:
              approvers: ["role:ops"]
              count: two
        """);

    LoadedPack loaded = new PackLoader().load(pack);

    assertThat(loaded.problems()).filteredOn(Problem::isError).singleElement().satisfies(p -> {
      assertThat(p.file().getFileName()).hasToString("deploy.yaml");
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.message()).contains("extra.squall.approval.count must be a whole number");
    });
  }

  @Test
  void anActionReadsItsRuleAndAWrongOneIsReportedWithFileAndLine(@TempDir Path dir) throws Exception {
    Path pack = dir.resolve("ops");
    Files.createDirectories(pack.resolve("actions"));
    Files.writeString(pack.resolve("pack.yaml"), "name: ops\nversion: 1.0.0\n");
    Files.writeString(pack.resolve("actions/deploy.yaml"), """
        name: deploy
        runner_type: local-shell-cmd
        extra:
          squall:
            approval:
              approvers: ["role:ops"]
              count: 2
        """);
    Files.writeString(pack.resolve("actions/drop.yaml"), """
        name: drop
        runner_type: local-shell-cmd
        extra:
          squall:
            approval:
              approvers: []
        """);

    LoadedPack loaded = new PackLoader().load(pack);

    assertThat(loaded.problems()).filteredOn(Problem::isError).singleElement().satisfies(p -> {
      assertThat(p.file().getFileName()).hasToString("drop.yaml");
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.message()).contains("extra.squall.approval.approvers must be a non-empty list");
    });
    assertThat(loaded.problems()).noneMatch(p -> p.message().contains("extra") && !p.isError());
    var deploy = loaded.actions().stream().filter(a -> a.name().equals("deploy")).findFirst().orElseThrow();
    assertThat(ApprovalRule.of(deploy.extra()).orElseThrow().count()).isEqualTo(2);
    assertThat(loaded.actions()).noneMatch(a -> a.name().equals("drop"));
  }
}
