package dev.squall.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.corpus.StackStormCorpus;
import dev.squall.core.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleYamlTest {

  @TempDir Path packs;

  private Path pack(String folder, String packYaml) throws IOException {
    Path dir = Files.createDirectories(packs.resolve(folder).resolve("rules"));
    if (packYaml != null) {
      Files.writeString(dir.getParent().resolve("pack.yaml"), packYaml);
    }
    return dir.getParent();
  }

  private RuleYaml.Result read(String yaml) throws IOException {
    Path dir = pack("chatops", null);
    Path file = dir.resolve("rules/rule.yaml");
    Files.writeString(file, yaml);
    return RuleYaml.read(dir, file);
  }

  private static List<String> errors(RuleYaml.Result r) {
    assertThat(r).isInstanceOf(RuleYaml.Failed.class);
    return r.problems().stream().filter(Problem::isError)
        .map(p -> p.line() + ": " + p.message()).toList();
  }

  private static final String NOTIFY_HUBOT = """
      ---
      name: "notify-hubot"
      pack: "chatops"
      enabled: true
      description: Notification rule to send results of action executions to stream for chatops
      trigger:
        type: "core.st2.generic.notifytrigger"
      criteria:
        trigger.route:
          pattern: "hubot"
          type: "equals"
        trigger.status#not-running:
          type: nequals
          pattern: running
      action:
        ref: chatops.post_result
        parameters:
          channel: "{{trigger.data.source_channel}}"
          execution_id: "{{trigger.execution_id}}"
      """;

  @Test
  void readsAValidRule() throws IOException {
    RuleYaml.Result r = read(NOTIFY_HUBOT);
    assertThat(r).isInstanceOf(RuleYaml.Loaded.class);
    assertThat(r.problems()).isEmpty();
    Rule rule = ((RuleYaml.Loaded) r).rule();
    assertThat(rule.ref()).isEqualTo("chatops.notify-hubot");
    assertThat(rule.uid()).isEqualTo("rule:chatops:notify-hubot");
    assertThat(rule.enabled()).isTrue();
    assertThat(rule.ruleType()).isEqualTo(Rule.STANDARD);
    assertThat(rule.trigger().type()).isEqualTo("core.st2.generic.notifytrigger");
    assertThat(rule.trigger().ref().ref()).isEqualTo("core.st2.generic.notifytrigger");
    assertThat(rule.criteria()).containsOnlyKeys("trigger.route", "trigger.status#not-running");
    assertThat(rule.criteria().keySet()).first().isEqualTo("trigger.route");
    assertThat(rule.action()).isEqualTo(new Rule.Action("chatops.post_result", Map.of(
        "channel", "{{trigger.data.source_channel}}", "execution_id", "{{trigger.execution_id}}")));
    assertThat(rule.metadataFile().getFileName().toString()).isEqualTo("rule.yaml");
    assertThat(new Criteria(java.time.Clock.systemUTC(), PatternRenderer.none())
        .matches(rule.criteria(), Map.of("route", "hubot", "status", "succeeded")).matched())
        .isTrue();
  }

  @Test
  void ruleIsDisabledUnlessEnabledAsInStackStorm() throws IOException {
    RuleYaml.Result r = read(NOTIFY_HUBOT.replace("enabled: true\n", ""));
    assertThat(((RuleYaml.Loaded) r).rule().enabled()).isFalse();
  }

  @Test
  void reportsMissingNameTriggerTypeAndActionRefWithLines() throws IOException {
    RuleYaml.Result r = read("""
        description: nothing useful
        trigger:
          parameters: {}
        action:
          parameters: {}
        """);
    assertThat(errors(r)).containsExactly(
        "0: the rule has no name",
        "2: trigger.type is required",
        "4: action.ref is required");
  }

  @Test
  void unknownOperatorNamesTheClosestOneAtItsLine() throws IOException {
    RuleYaml.Result r = read(NOTIFY_HUBOT.replace("type: \"equals\"", "type: \"equal\""));
    assertThat(errors(r)).containsExactly("11: For field: trigger.route, operator \"equal\" is "
        + "not a criteria operator (did you mean \"equals\"?)");
  }

  @Test
  void operatorNamesMustBeLowerCaseAsStackStormValidatesThem() throws IOException {
    RuleYaml.Result r = read(NOTIFY_HUBOT.replace("type: \"equals\"", "type: \"Equals\""));
    assertThat(errors(r)).containsExactly("11: For field: trigger.route, operator \"Equals\" is "
        + "not a criteria operator (did you mean \"equals\"?)");
  }

  @Test
  void missingPatternIsAnErrorExceptForExistenceChecks() throws IOException {
    RuleYaml.Result missing = read(NOTIFY_HUBOT.replace("    pattern: \"hubot\"\n", ""));
    assertThat(errors(missing)).containsExactly(
        "9: For field: trigger.route, no pattern specified for operator equals");
    RuleYaml.Result exists = read(NOTIFY_HUBOT.replace("    pattern: \"hubot\"\n", "")
        .replace("type: \"equals\"", "type: exists"));
    assertThat(exists).isInstanceOf(RuleYaml.Loaded.class);
  }

  @Test
  void packFieldMustMatchThePack() throws IOException {
    RuleYaml.Result r = read(NOTIFY_HUBOT.replace("pack: \"chatops\"", "pack: \"other\""));
    assertThat(errors(r)).containsExactly(
        "3: the rule is in pack \"chatops\" but its pack field says \"other\"");
  }

  @Test
  void packRefComesFromPackYaml() throws IOException {
    Path dir = pack("stackstorm-chatops", "ref: chatops\nname: ChatOps\n");
    Path file = dir.resolve("rules/rule.yaml");
    Files.writeString(file, NOTIFY_HUBOT);
    assertThat(RuleYaml.read(dir, file)).isInstanceOf(RuleYaml.Loaded.class);
    Files.writeString(dir.resolve("pack.yaml"), "name: other\n");
    assertThat(RuleYaml.read(dir, file)).isInstanceOf(RuleYaml.Failed.class);
  }

  @Test
  void rulePackDefaultsToThePack() throws IOException {
    RuleYaml.Result r = read(NOTIFY_HUBOT.replace("pack: \"chatops\"\n", ""));
    assertThat(((RuleYaml.Loaded) r).rule().pack()).isEqualTo("chatops");
  }

  @Test
  void yamlSyntaxErrorHasItsLine() throws IOException {
    RuleYaml.Result r = read("name: x\ntrigger:\n  type: [unclosed\naction: {}\n");
    assertThat(r).isInstanceOf(RuleYaml.Failed.class);
    assertThat(r.problems().getFirst().line()).isGreaterThanOrEqualTo(3);
    assertThat(r.problems().getFirst().message()).startsWith("invalid YAML");
  }

  @Test
  void timerParametersAreValidatedAtTheirLine() throws IOException {
    RuleYaml.Result r = read("""
        name: nightly
        trigger:
          type: core.st2.CronTimer
          parameters:
            hour: 2
            day_of_week: 7
        action:
          ref: core.noop
        """);
    assertThat(errors(r)).containsExactly(
        "6: trigger.parameter \"day_of_week\": 7 is greater than the maximum of 6");
  }

  @Test
  void webhookNeedsAUrl() throws IOException {
    RuleYaml.Result r = read("""
        name: hook
        trigger:
          type: core.st2.webhook
          parameters:
            path: github
        action:
          ref: core.noop
        """);
    assertThat(errors(r)).containsExactly(
        "4: a core.st2.webhook trigger needs parameters.url (the path under /api/v1/webhooks/)",
        "5: unknown webhook parameter \"path\" (core.st2.webhook takes only url)");
  }

  @Test
  void searchNeedsAConditionAndItemCriteria() throws IOException {
    RuleYaml.Result r = read("""
        name: jira
        trigger:
          type: jira.issue_updated
        criteria:
          trigger.fields:
            type: search
            pattern:
              item.field_name:
                type: equals
                pattern: Status
              item.to_value:
                type: equls
                pattern: Approved
        action:
          ref: core.noop
        """);
    assertThat(errors(r)).containsExactly(
        "5: criterion \"trigger.fields\": search needs condition any or all, not None",
        "12: For field: item.to_value, operator \"equls\" is not a criteria operator "
            + "(did you mean \"equals\"?)");
  }

  @Test
  void oddButHarmlessThingsAreWarnings() throws IOException {
    RuleYaml.Result r = read(NOTIFY_HUBOT + """
        critera:
          body.x: {type: regex, pattern: "(unclosed"}
        """);
    assertThat(r).isInstanceOf(RuleYaml.Loaded.class);
    assertThat(r.problems()).extracting(Problem::message)
        .containsExactly("unknown key \"critera\" (did you mean \"criteria\"?)");
    RuleYaml.Result r2 = read(NOTIFY_HUBOT.replace("trigger.route:", "route:"));
    assertThat(r2.problems()).extracting(p -> p.line() + ": " + p.message()).containsExactly(
        "9: criteria key \"route\" does not start with \"trigger.\", so it finds nothing to compare");
  }

  @Test
  void actionRefWithoutPackIsAWarning() throws IOException {
    RuleYaml.Result r = read(NOTIFY_HUBOT.replace("ref: chatops.post_result", "ref: post_result"));
    assertThat(r).isInstanceOf(RuleYaml.Loaded.class);
    assertThat(r.problems()).extracting(p -> p.line() + ": " + p.message()).containsExactly(
        "16: action ref \"post_result\" has no pack (pack.name), so the rule cannot run it");
  }

  @Test
  void loadsEveryRuleOfTheStackStormCorpus() throws IOException {
    Path corpus = StackStormCorpus.require();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(p -> p.getParent().getFileName().toString().equals("rules"))
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
    }
    assertThat(files).isNotEmpty();
    List<String> errors = files.stream()
        .flatMap(f -> RuleYaml.read(f.getParent().getParent(), f).problems().stream())
        .filter(Problem::isError).map(Problem::toString).toList();
    assertThat(errors).isEmpty();
  }
}
