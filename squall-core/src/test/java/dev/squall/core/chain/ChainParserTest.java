package dev.squall.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.template.TemplateEngine;
import dev.squall.core.yaml.YamlReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainParserTest {

  private static final ChainParser PARSER = new ChainParser(new TemplateEngine());

  private static ChainInspection inspect(String yaml) {
    return PARSER.inspect(YamlReader.parse(yaml, Path.of("chains/c.yaml")));
  }

  private static List<ChainProblem> problems(String yaml) {
    return ((ChainInspection.Invalid) inspect(yaml)).problems();
  }

  @Test
  void aWellFormedChainPassesWithItsNodesDefaultAndVars() {
    ChainInspection result = inspect("""
        vars:
          port: 9101
        default: c1
        chain:
          - name: c1
            ref: core.local
            params:
              cmd: "echo {{ input1 }}"
            publish:
              out: "{{ c1.stdout }}"
            on-success: c2
            on-failure: c3
          - name: c2
            ref: core.noop
          - name: c3
            ref: core.noop
        """);

    assertThat(result).isInstanceOf(ChainInspection.Valid.class);
    ActionChain chain = ((ChainInspection.Valid) result).chain();
    assertThat(chain.nodes()).extracting(ActionChain.Node::name).containsExactly("c1", "c2", "c3");
    assertThat(chain.start().name()).isEqualTo("c1");
    assertThat(chain.nodes().getFirst().parameters()).containsEntry("cmd", "echo {{ input1 }}");
    assertThat(chain.vars()).containsEntry("port", 9101);
  }

  @Test
  void withoutDefaultTheChainStartsAtTheFirstNodeNothingLeadsTo() {
    ActionChain chain = ((ChainInspection.Valid) inspect("""
        chain:
          - name: b
            ref: core.noop
          - name: a
            ref: core.noop
            on-success: b
        """)).chain();

    assertThat(chain.start().name()).isEqualTo("a");
  }

  @Test
  void anUnknownOnSuccessTargetIsReportedOnItsLineWithStackStormsReason() {
    assertThat(problems("""
        chain:
          - name: c1
            ref: core.noop
            on-success: c5
        """)).containsExactly(ChainProblem.error(4,
            "Unable to find node with name \"c5\" referenced in \"on-success\" in task \"c1\"."));
  }

  @Test
  void anUnknownOnFailureOrDefaultTargetIsReported() {
    assertThat(problems("""
        default: nope
        chain:
          - name: c1
            ref: core.noop
            on-failure: c9
        """)).containsExactly(
            ChainProblem.error(5, "Unable to find node with name \"c9\" referenced in \"on-failure\""
                + " in task \"c1\"."),
            ChainProblem.error(1, "Unable to find node with name \"nope\" referenced in \"default\"."));
  }

  @Test
  void aTemplatedTargetIsNotCheckedAsStackStormSkipsIt() {
    assertThat(inspect("""
        chain:
          - name: c1
            ref: core.noop
            on-success: "{{ next }}"
        """)).isInstanceOf(ChainInspection.Valid.class);
  }

  @Test
  void aMissingOrEmptyChainIsReported() {
    assertThat(problems("vars: {a: 1}\n"))
        .extracting(ChainProblem::message).containsExactly("'chain' is a required property");
    assertThat(problems("chain: []\n")).extracting(ChainProblem::message)
        .containsExactly("Failed to find default node in the chain: it has no nodes.");
    assertThat(problems("chain: c1\n")).extracting(ChainProblem::message)
        .containsExactly("'c1' is not of type 'array' (in \"chain\")");
  }

  @Test
  void aNodeWithoutNameOrRefIsReportedOnTheNodesLine() {
    assertThat(problems("""
        chain:
          - name: c1
            ref: core.noop
          - ref: core.noop
          - name: c3
        """)).containsExactly(ChainProblem.error(4, "'name' is a required property"),
            ChainProblem.error(5, "'ref' is a required property"));
  }

  @Test
  void duplicateNodeNamesAreReportedOnTheSecond() {
    assertThat(problems("""
        chain:
          - name: c1
            ref: core.noop
          - name: c1
            ref: core.local
        """)).containsExactly(ChainProblem.error(4,
            "Duplicate node name \"c1\": node names must be unique."));
  }

  @Test
  void unknownKeysOfTheChainOrItsFirstNodeAreAdditionalProperties() {
    assertThat(problems("""
        chains: []
        chain:
          - name: c1
            ref: core.noop
            on_success: c2
        """)).containsExactly(
            ChainProblem.error(1, "Additional properties are not allowed ('chains' was unexpected)"),
            ChainProblem.error(5, "Additional properties are not allowed ('on_success' was unexpected)"));
  }

  @Test
  void unknownKeysOfLaterNodesAreWarningsAsStackStormChecksOnlyTheFirstNode() {
    ChainInspection result = inspect("""
        chain:
          - name: c1
            ref: core.noop
            on-success: c2
          - name: c2
            description: says hello
            ref: core.noop
        """);

    assertThat(result).isInstanceOf(ChainInspection.Valid.class);
    assertThat(result.problems()).containsExactly(ChainProblem.warning(6, "'description' is not"
        + " a node attribute; StackStorm ignores it (only the first node is checked against the"
        + " schema)"));
  }

  @Test
  void paramsAndParametersTogetherAreRejectedAsTheModelDoes() {
    assertThat(problems("""
        chain:
          - name: c1
            ref: core.local
            params: {cmd: a}
            parameters: {cmd: b}
        """)).extracting(ChainProblem::message).containsExactly(
            "Either \"params\" or \"parameters\" attribute needs to be provided, but not both");
  }

  @Test
  void parametersAndPublishMustBeMappings() {
    assertThat(problems("""
        chain:
          - name: c1
            ref: core.local
            params: echo
            publish: [a]
        """)).containsExactly(
            ChainProblem.error(4, "'echo' is not of type 'object' (in \"params\")"),
            ChainProblem.error(5, "[a] is not of type 'object' (in \"publish\")"));
  }

  @Test
  void jinjaThatDoesNotParseIsReportedOnTheLineOfItsValue() {
    List<ChainProblem> found = problems("""
        vars:
          v: "{% if x %}no end"
        chain:
          - name: c1
            ref: core.local
            params:
              env:
                A: "{{ x }}"
                B: "{% for i in y %}"
            publish:
              out: "{{ c1.stdout }}"
        """);

    assertThat(found).extracting(ChainProblem::line).containsExactly(2, 9);
    assertThat(found.get(0).message()).startsWith("Failed rendering value for variable \"v\"");
    assertThat(found.get(1).message()).startsWith(
        "Failed rendering value for action parameter \"env\" in task \"c1\" (template string="
            + "{% for i in y %}): ");
  }

  @Test
  void aFileThatIsNotAMappingIsReported() {
    assertThat(problems("- a\n- b\n")).extracting(ChainProblem::message)
        .containsExactly("The chain definition is not a mapping: [a, b] is not of type 'object'");
  }

  @Test
  void theSummaryJoinsEveryReason() {
    ChainInspection.Invalid bad = (ChainInspection.Invalid) inspect("""
        chain:
          - name: c1
            on-success: c2
        """);
    assertThat(bad.summary()).isEqualTo("'ref' is a required property Unable to find node with"
        + " name \"c2\" referenced in \"on-success\" in task \"c1\".");
  }
}
