package dev.squall.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.squall.core.orquesta.Expressions;
import dev.squall.core.orquesta.InspectionError;
import dev.squall.core.orquesta.Inspector;
import dev.squall.core.orquesta.RehearsalSpec;
import dev.squall.core.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "workflow",
    description = "Orquesta workflows offline: inspect a definition, rehearse it with mocked results.",
    subcommands = {WorkflowCommand.Rehearse.class, WorkflowCommand.Inspect.class})
final class WorkflowCommand {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Command(name = "rehearse", description = {
      "Run a workflow on the conductor with mocked action results (orquesta's rehearsal spec:",
      "workflow, inputs, mock_action_executions, expected_task_sequence, expected_routes,",
      "expected_term_tasks, expected_workflow_status, expected_output, expected_errors,",
      "expected_inspection_errors). Exit 0 when every expectation holds, else print the",
      "differences and exit 1.",
      "",
      "Example: squall workflow rehearse tests/deploy.rehearsal.yaml --base-path ."})
  static final class Rehearse implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "SPEC", description = "the rehearsal spec (YAML)") Path spec;

    @Option(names = "--base-path", paramLabel = "DIR",
        description = "folder relative paths in the spec start from (default: the spec's folder)")
    Path basePath;

    @Option(names = "--json", description = "print what happened as one JSON object") boolean json;

    Rehearse(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(spec)) {
        throw new CliException(spec + " is not a file", 2);
      }
      if (basePath != null && !Files.isDirectory(basePath)) {
        throw new CliException("The base path \"" + basePath + "\" does not exist.", 2);
      }
      RehearsalSpec.Result r = RehearsalSpec.rehearse(spec, basePath, Expressions.standard());
      if (json) {
        env.out().println(JSON.writeValueAsString(r.outcome().toMap()));
      }
      if (r.passed()) {
        if (!json) {
          env.out().println("ok: " + spec + " (" + r.outcome().taskSequence().size() + " task(s), "
              + r.outcome().workflowStatus() + ")");
        }
        return 0;
      }
      r.differences().forEach(d -> env.err().println(spec + ": " + d));
      return 1;
    }
  }

  @Command(name = "inspect", description = {
      "Check an orquesta workflow definition (syntax, semantics, expressions, context):",
      "each problem as file:line: error: message. Exit 1 when there is any.",
      "",
      "Example: squall workflow inspect actions/workflows/deploy.yaml"})
  static final class Inspect implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "FILE", description = "the workflow definition") Path file;

    Inspect(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw new CliException(file + " is not a file", 2);
      }
      List<InspectionError> errors = Inspector.inspect(YamlReader.readOrBadRequest(file), Expressions.standard());
      for (InspectionError e : errors) {
        env.err().println(file + ":" + e.line() + ": error: " + e.message()
            + (e.expression() != null ? " (" + e.expression() + ")" : "")
            + (e.specPath() != null ? " [" + e.specPath() + "]" : ""));
      }
      if (errors.isEmpty()) {
        env.out().println("ok: " + file);
        return 0;
      }
      return 1;
    }
  }
}
