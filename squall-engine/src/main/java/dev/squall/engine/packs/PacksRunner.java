package dev.squall.engine.packs;

import dev.squall.core.error.SquallException;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code packs.install} and {@code packs.uninstall} as executions, so that the API answers
 * StackStorm's {@code {"execution_id": …}} and the CLI follows the progress lines as output.
 */
public final class PacksRunner implements Runner {

  private final PackInstaller installer;

  public PacksRunner(PackInstaller installer) {
    this.installer = installer;
  }

  @Override
  public String name() {
    return "squall-packs";
  }

  @Override
  public RunnerResult run(RunContext context) {
    Map<String, Object> p = context.parameters();
    List<String> packs = p.get("packs") instanceof List<?> l
        ? l.stream().map(String::valueOf).toList() : List.of();
    List<String> done = new ArrayList<>();
    try {
      switch (context.action().name()) {
        case "install" -> done.addAll(installer.install(packs, Boolean.TRUE.equals(p.get("force")),
            Boolean.TRUE.equals(p.get("skip_dependencies")), line -> context.output().line("stdout", line)));
        case "uninstall" -> {
          for (String ref : packs) {
            installer.remove(ref, line -> context.output().line("stdout", line));
            done.add(ref);
          }
        }
        default -> throw new IllegalArgumentException("squall-packs runs packs.install and packs.uninstall, not "
            + context.action().ref());
      }
    } catch (SquallException | UncheckedIOException e) {
      context.output().line("stderr", e.getMessage());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("error", e.getMessage());
      result.put("packs", done);
      return new RunnerResult(ExecutionStatus.FAILED, result);
    }
    return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("packs", done));
  }
}
