package dev.squall.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;

/** An {@code enable REF} / {@code disable REF} subcommand: PUTs {@code enabled} on one resource. */
abstract class SwitchEnabled implements Callable<Integer> {

  private final CliEnvironment env;
  private final boolean on;

  @Parameters(paramLabel = "PACK.NAME") String ref;

  SwitchEnabled(CliEnvironment env, boolean on) {
    this.env = env;
    this.on = on;
  }

  /** The resource's collection path, e.g. {@code /api/v1/rules/}. */
  abstract String collection();

  @Override
  public Integer call() {
    env.api().put(collection() + ref, Map.of("enabled", on));
    env.out().println(ref + (on ? " enabled" : " disabled"));
    return 0;
  }
}
