package dev.squall.core.chain;

/**
 * One finding of a chain file: the line it is on (1-based) and StackStorm's reason. An error stops
 * the chain from running; a warning names what StackStorm silently ignores.
 */
public record ChainProblem(boolean error, int line, String message) {

  public static ChainProblem error(int line, String message) {
    return new ChainProblem(true, line, message);
  }

  public static ChainProblem warning(int line, String message) {
    return new ChainProblem(false, line, message);
  }
}
