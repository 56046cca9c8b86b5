package dev.squall.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One mistake per action file, each reported where it is. */
class ActionValidationTest {

  @TempDir
  Path dir;

  private LoadedPack loadWithAction(String yaml) throws IOException {
    Files.writeString(dir.resolve("pack.yaml"), "name: t\nversion: 1.0.0\n");
    Files.createDirectories(dir.resolve("actions"));
    Files.writeString(dir.resolve("actions/a.yaml"), yaml);
    return new PackLoader().load(dir);
  }

  private static List<String> errors(LoadedPack pack) {
    return pack.problems().stream().filter(Problem::isError)
        .map(p -> p.line() + ": " + p.message()).toList();
  }

  @Test
  void missingNameIsAnError() throws IOException {
    LoadedPack pack = loadWithAction("runner_type: noop\n");

    assertThat(errors(pack)).containsExactly("1: 'name' is a required property");
    assertThat(pack.actions()).isEmpty();
  }

  @Test
  void missingRunnerTypeIsAnError() throws IOException {
    assertThat(errors(loadWithAction("name: a\n")))
        .containsExactly("1: 'runner_type' is a required property");
  }

  @Test
  void duplicatePositionNamesBothParameters() throws IOException {
    LoadedPack pack = loadWithAction("""
        name: a
        runner_type: local-shell-script
        parameters:
          first:
            position: 0
          second:
            position: 0
        """);

    assertThat(errors(pack)).containsExactly("7: Parameters second and first have same position"
        + " 0. Position values have to be unique.");
  }

  @Test
  void requiredMustBeABooleanAndEnumAList() throws IOException {
    LoadedPack pack = loadWithAction("""
        name: a
        runner_type: noop
        parameters:
          x:
            type: string
            required: "yes"
            enum: low
        """);

    assertThat(errors(pack)).containsExactly(
        "6: parameter \"x\": \"required\" must be true or false, not the string 'yes'",
        "7: parameter \"x\": \"enum\" must be a list of allowed values, not the string 'low'");
  }

  @Test
  void defaultOfTheWrongTypeIsAWarningAsStackStormAcceptsIt() throws IOException {
    LoadedPack pack = loadWithAction("""
        name: a
        runner_type: noop
        parameters:
          n:
            type: integer
            default: many
          t:
            type: integer
            default: "{{ config_context.n }}"
        """);

    assertThat(errors(pack)).isEmpty();
    assertThat(pack.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.message()).isEqualTo(
          "parameter \"n\": default the string 'many' is not of type 'integer'");
    });
  }

  @Test
  void unknownTopLevelKeyIsAWarningWithTheClosestKnownKey() throws IOException {
    LoadedPack pack = loadWithAction("""
        name: a
        runner_type: noop
        descripton: typo
        """);

    assertThat(pack.actions()).hasSize(1);
    assertThat(pack.problems()).singleElement().satisfies(p -> {
      assertThat(p.isError()).isFalse();
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).contains("descripton", "did you mean \"description\"");
    });
  }

  @Test
  void packFieldMustMatchThePack() throws IOException {
    assertThat(errors(loadWithAction("name: a\nrunner_type: noop\npack: other\n")))
        .containsExactly("3: Model is in pack \"t\" but field \"pack\" is different: other");
  }

  @Test
  void enumMayContainNull() throws IOException {
    LoadedPack pack = loadWithAction("""
        name: a
        runner_type: noop
        parameters:
          x:
            enum: [null, a]
        """);

    assertThat(pack.problems()).isEmpty();
    assertThat(pack.actions().get(0).parameters().get("x").enumValues()).containsExactly(null, "a");
  }
}
