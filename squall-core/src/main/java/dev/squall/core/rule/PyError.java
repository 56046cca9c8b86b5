package dev.squall.core.rule;

/**
 * An operator could not compare its operands, where Python would raise TypeError or
 * AttributeError. StackStorm logs the exception and counts the criterion as not matched; Squall
 * does the same and keeps the message as the failure reason.
 */
final class PyError extends RuntimeException {

  PyError(String message) {
    super(message, null, false, false);
  }
}
