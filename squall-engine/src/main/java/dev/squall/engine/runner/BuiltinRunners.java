package dev.squall.engine.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runners that ship with Squall, keyed by StackStorm's runner name. */
public final class BuiltinRunners {

  private BuiltinRunners() {}

  /** {@code noop}, {@code local-shell-cmd}, {@code local-shell-script}, {@code http-request}. */
  public static Map<String, Runner> create(RunnerSettings settings) {
    Map<String, Runner> byName = new LinkedHashMap<>();
    for (Runner runner : List.of(new NoopRunner(), new LocalShellCommandRunner(settings),
        new LocalShellScriptRunner(settings), new HttpRequestRunner())) {
      byName.put(runner.name(), runner);
    }
    return java.util.Collections.unmodifiableMap(byName);
  }
}
