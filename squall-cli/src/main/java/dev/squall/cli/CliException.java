package dev.squall.cli;

/** A failure the CLI reports as one line on stderr and an exit code, never a stack trace. */
public final class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
