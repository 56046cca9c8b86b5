package dev.squall.core.action;

/**
 * A runner that does not ship with Squall, found on the class path by {@link java.util.ServiceLoader}
 * (its class named in {@code META-INF/services/dev.squall.core.action.RunnerPlugin}), as StackStorm
 * finds runners installed beside it as Python packages. The plugin names its {@link RunnerType} here,
 * in the core, so that actions of that runner load and their parameters validate wherever packs are
 * read (the server, {@code squall pack validate}); the same class implements the engine's
 * {@code dev.squall.engine.runner.Runner}, which runs them. A plugin has a public no-argument
 * constructor and may not take the name of one of Squall's own runners.
 */
public interface RunnerPlugin {

  /** The runner's name (what actions give as {@code runner_type}) and runner parameters. */
  RunnerType type();
}
