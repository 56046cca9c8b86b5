package dev.squall.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.problem.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pack's orquesta workflows are inspected when it loads. */
class WorkflowInspectionOnLoadTest {

  @TempDir Path dir;

  private Path pack(String workflow) throws Exception {
    Files.createDirectories(dir.resolve("actions/workflows"));
    Files.writeString(dir.resolve("pack.yaml"), "ref: flows\nname: flows\nversion: 1.0.0\n");
    Files.writeString(dir.resolve("actions/deploy.yaml"),
        "name: deploy\nrunner_type: orquesta\nentry_point: workflows/deploy.yaml\n");
    Files.writeString(dir.resolve("actions/workflows/deploy.yaml"), workflow);
    return dir;
  }

  @Test
  void aBrokenWorkflowIsAnErrorWithItsFileAndLine() throws Exception {
    LoadedPack p = new PackLoader().load(pack("""
        version: 1.0
        tasks:
          build:
            action: core.noop
            next:
              - do: test
        """));
    assertThat(p.problems()).anySatisfy(e -> {
      assertThat(e.isError()).isTrue();
      assertThat(e.file().getFileName()).hasToString("deploy.yaml");
      assertThat(e.file().getParent().getFileName()).hasToString("workflows");
      assertThat(e.line()).isEqualTo(6);
      assertThat(e.message()).isEqualTo("workflow semantics error: The task \"test\" is not defined.");
    });
  }

  @Test
  void aValidWorkflowLoadsWithoutProblems() throws Exception {
    LoadedPack p = new PackLoader().load(pack("""
        version: 1.0
        tasks:
          build:
            action: core.noop
        """));
    assertThat(p.problems()).noneMatch(Problem::isError);
    assertThat(p.actions()).hasSize(1);
  }
}
