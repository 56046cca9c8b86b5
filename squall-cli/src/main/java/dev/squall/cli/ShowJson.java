package dev.squall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;

/** A {@code get REF} subcommand that prints one API resource as JSON. */
abstract class ShowJson implements Callable<Integer> {

  private final CliEnvironment env;

  @Parameters(paramLabel = "PACK.NAME") String ref;

  ShowJson(CliEnvironment env) {
    this.env = env;
  }

  /** The resource's collection path, e.g. {@code /api/v1/rules/}. */
  abstract String collection();

  @Override
  public Integer call() {
    env.out().println(env.api().get(collection() + ref).toPrettyString());
    return 0;
  }
}
