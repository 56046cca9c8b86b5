package dev.squall.cli;

import java.io.Console;
import java.io.IOException;

/**
 * Where a command reads a password from: {@code SQUALL_PASSWORD}, standard input with
 * {@code --password-stdin}, else the terminal (never an argument, which other users would see).
 */
final class Passwords {

  private Passwords() {}

  /** The password given without a terminal, or null when it is to be asked for. */
  static String given(CliEnvironment env, boolean stdin) throws IOException {
    String p = env.env().get("SQUALL_PASSWORD");
    if (p != null) {
      return p;
    }
    return stdin ? new String(System.in.readAllBytes()).strip() : null;
  }

  /** The terminal to ask on. */
  static Console terminal() {
    Console console = System.console();
    if (console == null) {
      throw new CliException("no terminal to ask for the password; use --password-stdin or SQUALL_PASSWORD", 2);
    }
    return console;
  }
}
