package dev.squall.engine.runner;

/**
 * StackStorm's {@code remote-shell-cmd}: runs the {@code cmd} parameter over SSH on every host of
 * {@code hosts} at once. As for {@code local-shell-cmd}, {@code cmd} is shell by design, and values
 * users supply reach it shell-quoted by the parameter pipeline. The result has one entry per host.
 */
public final class RemoteShellCommandRunner implements Runner {

  private final RemoteShell remote;

  public RemoteShellCommandRunner(RunnerSettings settings, SshConnections ssh) {
    this.remote = new RemoteShell(settings, ssh);
  }

  @Override
  public String name() {
    return "remote-shell-cmd";
  }

  @Override
  public RunnerResult run(RunContext context) {
    if (!(context.parameters().get("cmd") instanceof String cmd) || cmd.isBlank()) {
      return ShellSupport.error("Parameter \"cmd\" is required by the remote-shell-cmd runner");
    }
    return remote.run(context, (host, wrap, deadline) ->
        host.main(wrap.line(cmd), wrap.stdin(), deadline));
  }
}
