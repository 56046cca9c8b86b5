package dev.squall.server;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;

/** The {@code squall} executable: the CLI's commands plus {@code start}, which runs the server, and
 * {@code stop}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    CliEnvironment env = new CliEnvironment(System.getenv(), System.out, System.err);
    int code = SquallCli.commandLine(env, new StartCommand(env), new StopCommand(env)).execute(args);
    if (code != 0 || !StartCommand.isServing()) {
      System.exit(code);
    }
  }
}
