package dev.squall.engine.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The runners that ship with Squall, keyed by StackStorm's runner name, and the runner plugins
 * on the class path ({@link dev.squall.core.action.RunnerPlugin}).
 */
public final class BuiltinRunners {

  private BuiltinRunners() {}

  /** The local runners and {@code python-script} with Python's defaults and no pack configs (tests, tools). */
  public static Map<String, Runner> create(RunnerSettings settings) {
    return create(settings, defaultVirtualenvs(settings), pack -> Map.of(), ActionApiAccess.NONE, null);
  }

  /** As {@link #create(RunnerSettings)}, and {@code remote-shell-cmd} and {@code remote-shell-script} over {@code ssh}. */
  public static Map<String, Runner> create(RunnerSettings settings, SshConnections ssh) {
    return create(settings, defaultVirtualenvs(settings), pack -> Map.of(), ActionApiAccess.NONE, ssh);
  }

  /**
   * {@code noop}, {@code local-shell-cmd}, {@code local-shell-script}, {@code http-request},
   * {@code python-script}, and with {@code ssh} {@code remote-shell-cmd} and
   * {@code remote-shell-script}, then the runner plugins.
   *
   * @param virtualenvs the packs' Python virtualenvs
   * @param packConfig a pack's config with its schema defaults, by pack name (Python actions'
   *     {@code self.config})
   * @param api how Python actions call back into Squall's API ({@code self.action_service})
   * @param ssh the SSH connections of the remote runners; null: no remote runners
   */
  public static Map<String, Runner> create(RunnerSettings settings, PackVirtualenvs virtualenvs,
      Function<String, Map<String, Object>> packConfig, ActionApiAccess api, SshConnections ssh) {
    List<Runner> all = new ArrayList<>(List.of(new NoopRunner(),
        new LocalShellCommandRunner(settings), new LocalShellScriptRunner(settings),
        new HttpRequestRunner(), new PythonScriptRunner(settings, virtualenvs, packConfig, api)));
    if (ssh != null) {
      all.add(new RemoteShellCommandRunner(settings, ssh));
      all.add(new RemoteShellScriptRunner(settings, ssh));
    }
    all.addAll(plugins());
    Map<String, Runner> byName = new LinkedHashMap<>();
    for (Runner runner : all) {
      byName.put(runner.name(), runner);
    }
    return Collections.unmodifiableMap(byName);
  }

  /** The plugins' runners: each plugin is its own runner, under the name its type gives. */
  private static List<Runner> plugins() {
    List<Runner> out = new ArrayList<>();
    for (dev.squall.core.action.RunnerPlugin plugin : dev.squall.core.action.Runners.plugins()) {
      String type = plugin.type().name();
      if (!(plugin instanceof Runner runner) || !type.equals(runner.name())) {
        throw new IllegalStateException("The runner plugin " + plugin.getClass().getName()
            + " must implement " + Runner.class.getName() + " with name() \"" + type + "\"");
      }
      out.add(runner);
    }
    return out;
  }

  private static PackVirtualenvs defaultVirtualenvs(RunnerSettings settings) {
    return new PackVirtualenvs(PythonSettings.defaults(settings.workDir().resolve("virtualenvs")),
        settings);
  }
}
