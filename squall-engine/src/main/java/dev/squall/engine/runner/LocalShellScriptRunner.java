package dev.squall.engine.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.action.ActionDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * StackStorm's {@code local-shell-script}: runs {@code <pack>/actions/<entry_point>} with the
 * action's parameters as arguments (see {@link ScriptArguments}). The script is executed
 * directly, never through a shell, so parameter values cannot inject commands. As in StackStorm,
 * a script without the execute bit gets it. Runner parameters: {@code cwd, env, kwarg_op, sudo,
 * sudo_password, timeout, debug, content_version}.
 */
public final class LocalShellScriptRunner implements Runner {

  /** The runner parameters StackStorm declares for {@code local-shell-script}. */
  public static final Set<String> RUNNER_PARAMETERS = Set.of("cwd", "env", "kwarg_op", "sudo",
      "sudo_password", "timeout", "debug", "content_version");

  private final ShellSupport shell;
  private final ScriptArguments arguments = new ScriptArguments(new ObjectMapper());

  public LocalShellScriptRunner(RunnerSettings settings) {
    this.shell = new ShellSupport(settings);
  }

  @Override
  public String name() {
    return "local-shell-script";
  }

  @Override
  public RunnerResult run(RunContext context) {
    ActionDef action = context.action();
    Optional<String> missing = context.missingEntryPoint();
    if (missing.isPresent()) {
      return ShellSupport.error(missing.get());
    }
    Path script;
    try {
      script = resolve(action);
    } catch (IllegalArgumentException e) {
      return ShellSupport.error(e.getMessage());
    }
    Object op = context.parameters().get("kwarg_op");
    String kwargOp = op instanceof String s ? s : "--";
    List<String> argv = new ArrayList<>();
    argv.add(script.toString());
    argv.addAll(arguments.build(action.parameters(), context.parameters(), RUNNER_PARAMETERS,
        kwargOp));
    return shell.run(context, argv);
  }

  /** The script's real path, refused when it leaves the pack or cannot be executed. */
  static Path resolve(ActionDef action) {
    if (action.packDir() == null) {
      throw new IllegalArgumentException("Action " + action.ref() + " has no pack directory");
    }
    String where = " (entry_point \"" + action.entryPoint() + "\" of action " + action.ref() + ")";
    Path pack = action.packDir().toAbsolutePath().normalize();
    Path script = pack.resolve("actions").resolve(action.entryPoint()).normalize();
    if (!script.startsWith(pack)) {
      throw new IllegalArgumentException(
          "Script " + script + " is outside the pack directory " + pack + where);
    }
    try {
      Path packReal = action.packDir().toRealPath();
      if (!Files.isRegularFile(script)) {
        throw new IllegalArgumentException("Script " + script + " does not exist" + where);
      }
      Path real = script.toRealPath();
      if (!real.startsWith(packReal)) {
        throw new IllegalArgumentException(
            "Script " + script + " is outside the pack directory " + packReal + where);
      }
      if (!Files.isExecutable(real) && !real.toFile().setExecutable(true, false)) {
        throw new IllegalArgumentException("Script " + real + " is not executable" + where);
      }
      return real;
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read script " + script + where + ": " + e);
    }
  }
}
