package dev.squall.engine.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.action.ActionDef;
import dev.squall.core.action.Runners;
import dev.squall.core.template.ShellQuoting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * StackStorm's {@code remote-shell-script}: copies {@code <pack>/actions/<entry_point>} into a
 * fresh private directory under {@code dir} on every host, runs it there with the action's
 * parameters as arguments (as {@code local-shell-script} passes them, see {@link ScriptArguments};
 * each argument shell-quoted, since a remote command is a shell line), and removes it, whatever
 * the outcome.
 */
public final class RemoteShellScriptRunner implements Runner {

  /** The runner parameters: never passed to the script. */
  static final Set<String> RUNNER_PARAMETERS =
      Runners.find("remote-shell-script").orElseThrow().parameters().keySet();

  private final RemoteShell remote;
  private final ScriptArguments arguments = new ScriptArguments(new ObjectMapper());

  public RemoteShellScriptRunner(RunnerSettings settings, SshConnections ssh) {
    this.remote = new RemoteShell(settings, ssh);
  }

  @Override
  public String name() {
    return "remote-shell-script";
  }

  @Override
  public RunnerResult run(RunContext context) {
    ActionDef action = context.action();
    Optional<String> missing = context.missingEntryPoint();
    if (missing.isPresent()) {
      return ShellSupport.error(missing.get());
    }
    byte[] script;
    Path local;
    try {
      local = LocalShellScriptRunner.resolve(action);
      script = Files.readAllBytes(local);
    } catch (IllegalArgumentException | IOException e) {
      return ShellSupport.error(e.getMessage());
    }
    Object op = context.parameters().get("kwarg_op");
    List<String> argv = arguments.build(action.parameters(), context.parameters(),
        RUNNER_PARAMETERS, op instanceof String s ? s : "--");
    String dir = context.parameters().get("dir") instanceof String d && !d.isBlank() ? d : "/tmp";
    StringBuilder args = new StringBuilder();
    argv.forEach(a -> args.append(' ').append(ShellQuoting.quote(a)));
    return remote.run(context, (host, wrap, deadline) -> {
      // a folder of its own per host: two "hosts" may well be one machine
      String folder = dir.replaceAll("/+$", "") + "/squall-" + UUID.randomUUID();
      String path = folder + "/" + local.getFileName();
      String line = ShellQuoting.quote(path) + args;
      RemoteHost.Outcome copy = host.quiet("umask 077 && mkdir -- " + ShellQuoting.quote(folder)
          + " && cat > " + ShellQuoting.quote(path) + " && chmod 700 " + ShellQuoting.quote(path),
          script);
      try {
        if (copy.end() != RemoteHost.End.EXITED || !Integer.valueOf(0).equals(copy.exitCode())) {
          throw new IOException("cannot copy the script to " + folder + ": " + copy.stderr());
        }
        return host.main(wrap.line(line), wrap.stdin(), deadline);
      } finally {
        host.quiet("rm -rf -- " + ShellQuoting.quote(folder), null);
      }
    });
  }
}
