package dev.squall.core.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.yaml.YamlReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectorTest {

  private final Expressions expressions = Expressions.standard();

  private List<InspectionError> inspect(String yaml) {
    return Inspector.inspect(YamlReader.parse(yaml, null), expressions);
  }

  @Test
  void reportsAnUnknownTaskKeyAsASyntaxErrorOnItsLine() {
    List<InspectionError> errors = inspect("""
        version: 1.0
        tasks:
          task1:
            action: core.noop
            nxt:
              - do: task2
        """);
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.category()).isEqualTo("syntax");
      assertThat(e.message()).isEqualTo("Additional properties are not allowed ('nxt' was unexpected)");
      assertThat(e.line()).isEqualTo(3);
    });
  }

  @Test
  void reportsATransitionToAnUndefinedTaskWithTheLineOfItsDo() {
    List<InspectionError> errors = inspect("""
        version: 1.0
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task9
        """);
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("The task \"task9\" is not defined.");
      assertThat(e.specPath()).isEqualTo("tasks.task1.next[0].do");
      assertThat(e.line()).isEqualTo(7);
    });
  }

  @Test
  void reportsAYaqlSyntaxErrorAndAReservedTaskName() {
    List<InspectionError> errors = inspect("""
        version: 1.0
        tasks:
          noop:
            action: core.echo message=<% ctx( %>
        """);
    assertThat(errors).extracting(InspectionError::category).contains("semantics", "expressions");
    assertThat(errors).filteredOn(e -> e.category().equals("semantics"))
        .extracting(InspectionError::message)
        .contains("The task name \"noop\" is reserved with special function.");
  }

  @Test
  void acceptsAVariablePublishedOnTheWayToTheTaskThatReadsIt() {
    assertThat(inspect("""
        version: 1.0
        tasks:
          task1:
            action: core.noop
            next:
              - publish: x=<% result() %>
                do: task2
          task2:
            action: core.echo message=<% ctx(x) %>
        """)).isEmpty();
  }
}
