package dev.squall.engine.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runners that ship with Squall, keyed by StackStorm's runner name. */
public final class BuiltinRunners {

  private BuiltinRunners() {}

  /** {@code noop}, {@code local-shell-cmd}, {@code local-shell-script}, {@code http-request}. */
  public static Map<String, Runner> create(RunnerSettings settings) {
    return create(settings, List.of());
  }

  /** The local runners, and {@code remote-shell-cmd} and {@code remote-shell-script} over {@code ssh}. */
  public static Map<String, Runner> create(RunnerSettings settings, SshConnections ssh) {
    return create(settings, List.of(new RemoteShellCommandRunner(settings, ssh),
        new RemoteShellScriptRunner(settings, ssh)));
  }

  private static Map<String, Runner> create(RunnerSettings settings, List<Runner> more) {
    Map<String, Runner> byName = new LinkedHashMap<>();
    List<Runner> all = new java.util.ArrayList<>(List.of(new NoopRunner(),
        new LocalShellCommandRunner(settings), new LocalShellScriptRunner(settings),
        new HttpRequestRunner()));
    all.addAll(more);
    for (Runner runner : all) {
      byName.put(runner.name(), runner);
    }
    return java.util.Collections.unmodifiableMap(byName);
  }
}
