package dev.squall.engine.runner;

import java.util.List;
import java.util.Set;

/**
 * StackStorm's {@code local-shell-cmd}: runs the {@code cmd} parameter with {@code /bin/bash -c}.
 *
 * <p>{@code cmd} is shell by design: it is what the action author wrote. Values that users supply
 * reach it through the template engine, which shell-quotes them before this runner sees them.
 * Runner parameters: {@code cmd, cwd, env, kwarg_op, sudo, sudo_password, timeout}.
 */
public final class LocalShellCommandRunner implements Runner {

  /** The runner parameters StackStorm declares for {@code local-shell-cmd}. */
  public static final Set<String> RUNNER_PARAMETERS =
      Set.of("cmd", "cwd", "env", "kwarg_op", "sudo", "sudo_password", "timeout");

  private final ShellSupport shell;

  public LocalShellCommandRunner(RunnerSettings settings) {
    this.shell = new ShellSupport(settings);
  }

  @Override
  public String name() {
    return "local-shell-cmd";
  }

  @Override
  public RunnerResult run(RunContext context) {
    if (context.action() != null && context.action().entryPoint() != null
        && !context.action().entryPoint().isBlank()) {
      return ShellSupport.error("entry_point is only valid for local-shell-script runner (action "
          + context.action().ref() + " has entry_point \"" + context.action().entryPoint() + "\")");
    }
    if (!(context.parameters().get("cmd") instanceof String cmd) || cmd.isBlank()) {
      return ShellSupport.error("Parameter \"cmd\" is required by the local-shell-cmd runner");
    }
    return shell.run(context, List.of("/bin/bash", "-c", cmd));
  }
}
