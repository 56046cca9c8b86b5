package dev.squall.engine.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The runners that ship with Squall, keyed by StackStorm's runner name. */
public final class BuiltinRunners {

  private BuiltinRunners() {}

  /** The runners with Python's defaults and no pack configs (for tests and tools). */
  public static Map<String, Runner> create(RunnerSettings settings) {
    return create(settings, new PackVirtualenvs(
        PythonSettings.defaults(settings.workDir().resolve("virtualenvs")), settings),
        pack -> Map.of(), ActionApiAccess.NONE);
  }

  /**
   * {@code noop}, {@code local-shell-cmd}, {@code local-shell-script}, {@code http-request},
   * {@code python-script}.
   *
   * @param virtualenvs the packs' Python virtualenvs
   * @param packConfig a pack's config with its schema defaults, by pack name (Python actions'
   *     {@code self.config})
   * @param api how Python actions call back into Squall's API ({@code self.action_service})
   */
  public static Map<String, Runner> create(RunnerSettings settings, PackVirtualenvs virtualenvs,
      Function<String, Map<String, Object>> packConfig, ActionApiAccess api) {
    Map<String, Runner> byName = new LinkedHashMap<>();
    for (Runner runner : List.of(new NoopRunner(), new LocalShellCommandRunner(settings),
        new LocalShellScriptRunner(settings), new HttpRequestRunner(),
        new PythonScriptRunner(settings, virtualenvs, packConfig, api))) {
      byName.put(runner.name(), runner);
    }
    return java.util.Collections.unmodifiableMap(byName);
  }
}
